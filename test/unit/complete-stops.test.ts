import assert from 'node:assert/strict';
import {
  atWordBoundary, indentOf, kindOf, openQuote, StopReason, StopRule, suggestsHere, trimDuplicateClosers, trimTrailingSpace, type StopOptions,
} from '../../src/core/complete/stops';

/** Feeds text to a stop rule; returns what it keeps and why it stopped (None: ran out of text). */
function stopOn(text: string, o: Partial<StopOptions> = {}): { kept: string; reason: StopReason } {
  const rule = new StopRule({ multiline: false, maxLines: 6, maxChars: 80, indent: 0, ...o });
  for (const ch of text) {
    const keep = rule.push(kindOf(ch), ch.length);
    if (keep >= 0) return { kept: text.slice(0, keep), reason: rule.reason };
  }
  return { kept: text, reason: rule.reason };
}

describe('complete: stop rules', () => {
  it('single line: stops before the line break, \\n or \\r\\n', () => {
    assert.deepEqual(stopOn('return x;\n}'), { kept: 'return x;', reason: StopReason.Natural });
    assert.deepEqual(stopOn('return x;\r\n}'), { kept: 'return x;', reason: StopReason.Natural });
    assert.deepEqual(stopOn('\nfoo'), { kept: '', reason: StopReason.Natural });
  });

  it('stops after maxChars characters, counting an emoji as one', () => {
    assert.deepEqual(stopOn('abcdef', { maxChars: 3 }), { kept: 'abc', reason: StopReason.Limit });
    assert.deepEqual(stopOn('a😀bcd', { maxChars: 3 }), { kept: 'a😀b', reason: StopReason.Limit });
    assert.deepEqual(stopOn('ab', { maxChars: 3 }), { kept: 'ab', reason: StopReason.None });
  });

  it('multi-line: goes on while lines keep the starting indentation', () => {
    const text = '{\n    a();\n    b();\n  }\n  c();';
    assert.deepEqual(stopOn(text, { multiline: true, indent: 2 }), { kept: text, reason: StopReason.None });
  });

  it('multi-line: stops before a line indented less than the cursor line', () => {
    assert.deepEqual(stopOn('x\n  y\n  z\n w();\n', { multiline: true, indent: 2 }), { kept: 'x\n  y\n  z', reason: StopReason.Natural });
    assert.deepEqual(stopOn('x\r\n  y\r\nw', { multiline: true, indent: 2 }), { kept: 'x\r\n  y', reason: StopReason.Natural });
  });

  it('multi-line: stops before a blank line, even one holding only spaces', () => {
    assert.deepEqual(stopOn('a\n  b\n\n  c', { multiline: true }), { kept: 'a\n  b', reason: StopReason.Natural });
    assert.deepEqual(stopOn('a\n  b\n   \n  c', { multiline: true }), { kept: 'a\n  b', reason: StopReason.Natural });
  });

  it('multi-line: an empty first line is fine (the suggestion starts on the next line)', () => {
    assert.deepEqual(stopOn('\n  x;\n\n', { multiline: true, indent: 0 }), { kept: '\n  x;', reason: StopReason.Natural });
  });

  it('multi-line: at most maxLines lines', () => {
    assert.deepEqual(stopOn('a\nb\nc\nd', { multiline: true, maxLines: 2 }), { kept: 'a\nb', reason: StopReason.Natural });
    assert.deepEqual(stopOn('a\nb\nc\nd', { multiline: true, maxLines: 1 }), { kept: 'a', reason: StopReason.Natural });
  });

  it('reset starts a new candidate', () => {
    const rule = new StopRule({ multiline: false, maxLines: 1, maxChars: 2, indent: 0 });
    assert.equal(rule.push(kindOf('a'), 1), -1);
    assert.equal(rule.push(kindOf('b'), 1), 2);
    rule.reset();
    assert.equal(rule.reason, StopReason.None);
    assert.equal(rule.push(kindOf('c'), 1), -1);
  });

  it('indentOf measures the last line', () => {
    assert.equal(indentOf('a\n    b'), 4);
    assert.equal(indentOf('a\n\t\t'), 2);
    assert.equal(indentOf('x'), 0);
  });
});

describe('complete: text right of the cursor', () => {
  it('offers mid-line only before closing punctuation', () => {
    assert.equal(suggestsHere(''), true);
    assert.equal(suggestsHere(')'), true);
    assert.equal(suggestsHere('"); '), true);
    assert.equal(suggestsHere('x)'), false);
    assert.equal(suggestsHere(' + 1'), false);
  });

  it('knows when the cursor is inside a string', () => {
    assert.equal(openQuote('f("ab'), '"');
    assert.equal(openQuote('f("ab", \'c'), "'");
    assert.equal(openQuote('f("a\\"b'), '"');
    assert.equal(openQuote('f("ab")'), '');
  });

  it('trims the closing brackets already right of the cursor', () => {
    assert.equal(trimDuplicateClosers('a, b)', 'foo(', ')'), 'a, b');
    assert.equal(trimDuplicateClosers('a, b);', 'foo(', ');'), 'a, b');
    assert.equal(trimDuplicateClosers('bar(1), 2)', 'foo(', ')'), 'bar(1), 2');
    assert.equal(trimDuplicateClosers('x[0]])', 'f(a[', '])'), 'x[0]');
    assert.equal(trimDuplicateClosers('1)', 'f(g(', '))'), '1');
    assert.equal(trimDuplicateClosers('"a")', 'f(', ')'), '"a"');
  });

  it('trims the closing quote when the cursor is inside a string', () => {
    assert.equal(trimDuplicateClosers('world")', 'print("hello ', '")'), 'world');
    assert.equal(trimDuplicateClosers('it\\"s")', 'f("', '")'), 'it\\"s');
    assert.equal(trimDuplicateClosers('a "b" c', 'f(', ')'), 'a "b" c');
  });

  it('leaves a suggestion alone when it does not close the same way', () => {
    assert.equal(trimDuplicateClosers('a, b', 'foo(', ')'), 'a, b');
    assert.equal(trimDuplicateClosers('x]', 'foo(', ')'), 'x]');
    assert.equal(trimDuplicateClosers('(1)', 'foo', ''), '(1)');
  });

  it('keeps the one space a suggestion ends with mid-line, none at the end of a line, and no white space alone', () => {
    assert.equal(trimTrailingSpace('const ', StopReason.Unsure), 'const ');
    assert.equal(trimTrailingSpace('= ', StopReason.Limit), '= ');
    assert.equal(trimTrailingSpace('x +  ', StopReason.Unsure), 'x + ');
    assert.equal(trimTrailingSpace('x\t', StopReason.Unsure), 'x');
    assert.equal(trimTrailingSpace('return x; ', StopReason.Natural), 'return x;');
    assert.equal(trimTrailingSpace('    ', StopReason.Unsure), '');
    assert.equal(trimTrailingSpace('a, b', StopReason.Unsure), 'a, b');
  });

  it('word boundaries: never inside a word', () => {
    assert.equal(atWordBoundary('foo(bar)', 4), true);
    assert.equal(atWordBoundary('foo(bar)', 3), true);
    assert.equal(atWordBoundary('foo(bar)', 2), false);
    assert.equal(atWordBoundary('foo(bar)', 8), true);
    assert.equal(atWordBoundary('a.b', 2), true);
    assert.equal(atWordBoundary('x_y1', 2), false);
  });
});
