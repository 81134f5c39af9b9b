import { z } from 'zod';

/** Short, human messages for zod's generic validation failures (schemas may set their own). */
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type') {
      return issue.input === undefined ? 'This field is required.' : `Expected ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}.`;
    }
    if (issue.code === 'too_big' && issue.origin === 'string') return `Too long: at most ${String(issue.maximum)} characters.`;
    if (issue.code === 'too_small' && issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'This field cannot be empty.' : `Too short: at least ${String(issue.minimum)} characters.`;
    if (issue.code === 'invalid_value') return `Must be one of: ${issue.values.map(String).join(', ')}.`;
    return undefined;
  },
});
