import { admin } from './de/admin.ts';
import { automation } from './de/automation.ts';
import { automationAssist } from './de/automation-assist.ts';
import { adminEdits } from './de/admin-edits.ts';
import { core } from './de/core.ts';
import { kbEditor } from './de/kb-editor.ts';
import { kbImages } from './de/kb-images.ts';
import { kbInsights } from './de/kb-insights.ts';
import { reports } from './de/reports.ts';
import { knowledge } from './de/knowledge.ts';
import { mailRouting } from './de/mail-routing.ts';
import { lists } from './de/lists.ts';
import { identity } from './de/identity.ts';
import { mobile } from './de/mobile.ts';
import { portal } from './de/portal.ts';
import { problems } from './de/problems.ts';
import { profile } from './de/profile.ts';
import { slaAdmin } from './de/sla-admin.ts';
import { tickets } from './de/tickets.ts';
import { pendingCaller } from './de/pending-caller.ts';
import type { Translation } from './en.ts';

/** Deutsche Oberflächentexte (Begriffe wie im Glossar), eine Datei je Bereich in ./de; gleiche Schlüssel wie en.ts. */
export const de: Translation = {
  ...core,
  ...tickets,
  ...knowledge,
  ...kbEditor,
  ...kbImages,
  ...kbInsights,
  ...reports,
  ...portal,
  ...admin,
  ...profile,
  ...automation,
  ...automationAssist,
  ...slaAdmin,
  ...mailRouting,
  ...adminEdits,
  ...mobile,
  ...lists,
  ...pendingCaller,
  ...problems,
  ...identity,
};
