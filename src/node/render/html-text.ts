// Text placed in the HTML the reports write (report.html, the sweep and
// flow reports): one escape for all of them.

/**
 * Text made safe for HTML content and attribute values.
 *
 * @param text - Any text.
 * @returns The text with &, <, > and " escaped.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
