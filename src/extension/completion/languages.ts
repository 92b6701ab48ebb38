// Which languages get suggestions: `charRnn.completions.languages` lists language ids, "*" for
// all, and "!id" to leave one out of "*" (["*", "!markdown"]: everything but Markdown). Pure: no
// `vscode` import.

export function languageEnabled(languages: readonly string[], id: string): boolean {
  if (languages.includes(`!${id}`)) return false;
  return languages.includes('*') || languages.includes(id);
}

/** The list with `id` switched the other way, keeping the rest as the user wrote it. */
export function toggleLanguage(languages: readonly string[], id: string): string[] {
  const rest = languages.filter((l) => l !== id && l !== `!${id}`);
  if (languageEnabled(languages, id)) return rest.includes('*') ? [...rest, `!${id}`] : rest;
  return rest.includes('*') ? rest : [...rest, id];
}

/** Document filters for the provider: every document when "*" is listed (exclusions are checked
 *  per request), else one filter per language. */
export function documentFilters(languages: readonly string[]): ({ pattern: string } | { language: string })[] {
  if (languages.includes('*')) return [{ pattern: '**' }];
  return languages.filter((l) => l && !l.startsWith('!')).map((language) => ({ language }));
}
