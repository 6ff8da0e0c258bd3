/** Masks phone numbers and Chinese ID numbers inside free text before it is logged. */
export function maskPii(text: string): string {
  return text
    .replace(/\b\d{17}[\dXx]\b/g, "[id-number]")
    .replace(/(?<!\d)(?:\+\d{1,3}[ -]?)?1[3-9]\d{9}(?!\d)/g, "[phone]")
    .replace(/(?<!\d)\+\d{1,3}[ -]?\d[\d -]{6,}\d(?!\d)/g, "[phone]");
}
