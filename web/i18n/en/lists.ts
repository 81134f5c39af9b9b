/** English UI texts: what the ticket lists show first, the rating scale. German in ../de/lists.ts (same keys). */
export const lists = {
  lists: {
    notClosed: 'All but closed',
    allStatuses: 'All, closed too',
    waitingForYou: 'Waiting for your answer',
    waitingForYouHint: 'The support team asked you something: please answer so that they can go on.',
    inProgress: 'In progress',
    resolved: 'Solved',
    closed: 'Closed',
    showClosed: 'Show closed requests',
    noClosed: 'No closed requests.',
    rating: {
      1: '1 – very dissatisfied',
      2: '2 – dissatisfied',
      3: '3 – neither',
      4: '4 – satisfied',
      5: '5 – very satisfied',
    },
    ratingShort: { 1: 'very dissatisfied', 2: 'dissatisfied', 3: 'neither', 4: 'satisfied', 5: 'very satisfied' },
  },
};
