/** "12, #15 P 16" → [12, 15, 16]: the ticket numbers an agent typed, each once. */
export function parseTicketNumbers(text: string): number[] {
  const numbers = (text.match(/\d+/g) ?? []).map(Number).filter((n) => n > 0 && n <= 2_147_483_647);
  return [...new Set(numbers)];
}
