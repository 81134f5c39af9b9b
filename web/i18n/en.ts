import { admin } from './en/admin.ts';
import { automation } from './en/automation.ts';
import { automationAssist } from './en/automation-assist.ts';
import { adminEdits } from './en/admin-edits.ts';
import { core } from './en/core.ts';
import { kbEditor } from './en/kb-editor.ts';
import { kbImages } from './en/kb-images.ts';
import { kbInsights } from './en/kb-insights.ts';
import { reports } from './en/reports.ts';
import { knowledge } from './en/knowledge.ts';
import { mailRouting } from './en/mail-routing.ts';
import { lists } from './en/lists.ts';
import { identity } from './en/identity.ts';
import { mobile } from './en/mobile.ts';
import { portal } from './en/portal.ts';
import { problems } from './en/problems.ts';
import { profile } from './en/profile.ts';
import { slaAdmin } from './en/sla-admin.ts';
import { tickets } from './en/tickets.ts';
import { pendingCaller } from './en/pending-caller.ts';

/**
 * English UI texts, one file per feature in ./en (German in ./de with exactly the same keys, checked by locales.test.ts).
 * A new feature adds its own file here and in de.ts instead of growing the existing ones.
 */
export const en = {
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

export type Translation = typeof en;
