/** The mail an agent gets when a problem behind their open tickets is resolved, in German and English. */
export interface ProblemResolvedMail {
  recipientName: string;
  problemId: number;
  title: string;
  problemUrl: string;
  tickets: Array<{ id: number; subject: string; url: string }>;
}

export function problemResolvedText(locale: 'de' | 'en', d: ProblemResolvedMail): { subject: string; text: string } {
  const list = d.tickets.map((t) => `- #${t.id} ${t.subject}\n  ${t.url}`).join('\n');
  if (locale === 'en') {
    return {
      subject: `Problem P-${d.problemId} resolved: ${d.title}`,
      text: [
        `Hello ${d.recipientName},`,
        `the problem P-${d.problemId} "${d.title}" has been resolved. These open tickets of yours are linked to it; you can now tell the requesters and resolve them:`,
        list,
        `Problem: ${d.problemUrl}`,
      ].join('\n\n'),
    };
  }
  return {
    subject: `Problem P-${d.problemId} gelöst: ${d.title}`,
    text: [
      `Hallo ${d.recipientName},`,
      `das Problem P-${d.problemId} „${d.title}“ ist gelöst. Diese offenen Tickets von Ihnen sind damit verknüpft; Sie können jetzt die Anfragenden informieren und die Tickets lösen:`,
      list,
      `Problem: ${d.problemUrl}`,
    ].join('\n\n'),
  };
}
