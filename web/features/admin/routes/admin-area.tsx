import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { AuditLogAdmin } from '../components/audit-log-admin.tsx';
import { CategoriesAdmin } from '../components/categories-admin.tsx';
import { GroupsAdmin } from '../components/groups-admin.tsx';
import { InboundMailAdmin } from '../components/inbound-mail-admin.tsx';
import { MailboxesAdmin } from '../components/mailboxes-admin.tsx';
import { MailRoutesAdmin } from '../components/mail-routes-admin.tsx';
import { OrganisationsAdmin } from '../components/organisations-admin.tsx';
import { PortalSettingsAdmin } from '../components/portal-settings-admin.tsx';
import { UsersAdmin } from '../components/users-admin.tsx';
import { TimeRulesAdmin } from '../components/automation/time-rules-admin.tsx';
import { TriggersAdmin } from '../components/automation/triggers-admin.tsx';
import { CalendarsAdmin } from '../components/calendars-admin.tsx';
import { SlaPoliciesAdmin } from '../components/sla-policies-admin.tsx';
import { WebhooksAdmin } from '../components/webhooks-admin.tsx';

const SECTIONS = ['users', 'organisations', 'groups', 'categories', 'calendars', 'slaPolicies', 'triggers', 'timeRules', 'portal', 'inboundMail', 'mailboxes', 'webhooks', 'auditLog'] as const;
/** Where each section lives under /admin. */
const PATHS: Record<(typeof SECTIONS)[number], string> = {
  users: 'users',
  organisations: 'organisations',
  groups: 'groups',
  categories: 'categories',
  calendars: 'calendars',
  slaPolicies: 'sla-policies',
  triggers: 'triggers',
  timeRules: 'time-rules',
  portal: 'portal',
  inboundMail: 'inbound-mail',
  mailboxes: 'mailboxes',
  webhooks: 'webhooks',
  auditLog: 'audit-log',
};

/** The nav label of a section: admin.<section>, except those with their own i18n file. */
const LABELS: Partial<Record<(typeof SECTIONS)[number], string>> = {
  calendars: 'slaAdmin.calendars',
  slaPolicies: 'slaAdmin.policies',
  triggers: 'automation.triggers',
  timeRules: 'automation.timeRules',
  webhooks: 'identity.webhooks',
};

export default function AdminArea() {
  const { t } = useTranslation();
  return (
    <div className="page page-wide admin-layout">
      <nav aria-label={t('admin.sections')}>
        <p className="h-small">{t('admin.title')}</p>
        <ul className="admin-nav">
          {SECTIONS.map((s) => (
            <li key={s}>
              <NavLink to={`/admin/${PATHS[s]}`}>{t(LABELS[s] ?? `admin.${s}`)}</NavLink>
            </li>
          ))}
          {/* Shared macros and snippets live beside the agents' own (features/macros). */}
          <li>
            <NavLink to="/agent/macros?scope=shared">{t('macros.sharedTitle')}</NavLink>
          </li>
        </ul>
      </nav>
      <div>
        <Routes>
          <Route index element={<Navigate to="users" replace />} />
          <Route path="users" element={<UsersAdmin />} />
          <Route path="organisations" element={<OrganisationsAdmin />} />
          <Route path="groups" element={<GroupsAdmin />} />
          <Route path="categories" element={<CategoriesAdmin />} />
          <Route path="calendars" element={<CalendarsAdmin />} />
          <Route path="sla-policies" element={<SlaPoliciesAdmin />} />
          <Route path="triggers" element={<TriggersAdmin />} />
          <Route path="time-rules" element={<TimeRulesAdmin />} />
          <Route path="portal" element={<PortalSettingsAdmin />} />
          <Route path="inbound-mail" element={<InboundMailAdmin />} />
          <Route path="webhooks" element={<WebhooksAdmin />} />
          <Route
            path="mailboxes"
            element={
              <>
                <MailboxesAdmin />
                <MailRoutesAdmin />
              </>
            }
          />
          <Route path="audit-log" element={<AuditLogAdmin />} />
        </Routes>
      </div>
    </div>
  );
}
