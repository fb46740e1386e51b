/**
 * Terminal control characters made visible, for the human formats: a file name or
 * a quoted key may hold ESC, BEL or NUL, which would otherwise drive the terminal
 * or forge a workflow command. Each becomes one visible character, so columns stay
 * where they were: C0 controls and DEL their Control Pictures (ESC is `␛`, NUL `␀`),
 * C1 controls (U+0080–U+009F, which terminals may read as ESC sequences) `�`.
 */
export function visible(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? '\u2421' : '\ufffd';
  });
}

/** `visible` for a text of several lines: its line breaks stay. */
export function visibleLines(text: string): string {
  return text.split('\n').map(visible).join('\n');
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * JSON text with DEL and C1 controls escaped as well: JSON.stringify escapes only
 * C0, and a terminal that shows the report may act on the rest.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
