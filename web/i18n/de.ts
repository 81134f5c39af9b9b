import { admin } from './de/admin.ts';
import { adminEdits } from './de/admin-edits.ts';
import { core } from './de/core.ts';
import { knowledge } from './de/knowledge.ts';
import { lists } from './de/lists.ts';
import { mobile } from './de/mobile.ts';
import { portal } from './de/portal.ts';
import { profile } from './de/profile.ts';
import { tickets } from './de/tickets.ts';
import type { Translation } from './en.ts';

/** Deutsche Oberflächentexte (Begriffe wie im Glossar), eine Datei je Bereich in ./de; gleiche Schlüssel wie en.ts. */
export const de: Translation = { ...core, ...tickets, ...knowledge, ...portal, ...admin, ...profile, ...adminEdits, ...mobile, ...lists };
