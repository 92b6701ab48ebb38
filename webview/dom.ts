// A tiny element builder: h('div', { class: 'x' }, 'text', child). Text is set as text, never as
// HTML, so nothing from the host or the editor can inject markup.

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string | boolean>, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Record<string, string | boolean>, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Record<string, string | boolean> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, v);
  }
  for (const c of children) if (c) el.append(c);
  return el;
}

/** A vscode-button with a click handler. */
export function button(label: string, onClick: () => void, opts: { secondary?: boolean; title?: string; id?: string } = {}): HTMLElement {
  const b = h('vscode-button', { secondary: !!opts.secondary, title: opts.title ?? label, ...(opts.id ? { id: opts.id } : {}) }, label);
  b.addEventListener('click', () => { if (!b.hasAttribute('disabled')) onClick(); });
  return b;
}

export function setDisabled(el: Element, disabled: boolean): void {
  el.toggleAttribute('disabled', disabled);
}
