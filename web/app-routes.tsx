import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AppShell } from './components/app-shell.tsx';
import { ErrorState, Loading } from './components/states.tsx';
import { useSession, useSignOut } from './features/auth/api/session.ts';
import { ConfirmEmailBanner } from './features/auth/components/confirm-email-banner.tsx';
import { pickLanguage } from './i18n/index.ts';
import type { Role } from '../shared/enums.ts';

// Each area is its own chunk: the sign-in page does not download the agent workspace.
const SignIn = lazy(() => import('./features/auth/routes/sign-in.tsx'));
const SignUp = lazy(() => import('./features/auth/routes/sign-up.tsx'));
const PasswordReset = lazy(() => import('./features/auth/routes/password-reset.tsx'));
const VerifyEmail = lazy(() => import('./features/auth/routes/verify-email.tsx'));
const ChoosePassword = lazy(() => import('./features/auth/routes/choose-password.tsx'));
const AgentHome = lazy(() => import('./features/tickets/routes/agent-home.tsx'));
const TicketList = lazy(() => import('./features/tickets/routes/ticket-list.tsx'));
const TicketView = lazy(() => import('./features/tickets/routes/ticket-view.tsx'));
const NewTicket = lazy(() => import('./features/tickets/routes/new-ticket.tsx'));
const PortalHome = lazy(() => import('./features/portal/routes/my-requests.tsx'));
const NewRequest = lazy(() => import('./features/portal/routes/new-request.tsx'));
const RequestView = lazy(() => import('./features/portal/routes/request-view.tsx'));
const AdminArea = lazy(() => import('./features/admin/routes/admin-area.tsx'));
const MacrosPage = lazy(() => import('./features/macros/routes/macros-page.tsx'));
const Profile = lazy(() => import('./features/profile/routes/profile.tsx'));
const HelpCenter = lazy(() => import('./features/knowledge/routes/help-center.tsx'));
const HelpArticle = lazy(() => import('./features/knowledge/routes/help-article.tsx'));
const KbArticles = lazy(() => import('./features/knowledge/routes/kb-articles.tsx'));
const KbEditor = lazy(() => import('./features/knowledge/routes/kb-editor.tsx'));
const KbInsights = lazy(() => import('./features/knowledge/routes/kb-insights.tsx'));
const ProblemsList = lazy(() => import('./features/problems/routes/problems-list.tsx'));
const ProblemDetail = lazy(() => import('./features/problems/routes/problem-detail.tsx'));
const ReportsPage = lazy(() => import('./features/reports/routes/reports-page.tsx'));

function Guard({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const signOut = useSignOut();
  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  const user = session.data;
  // After signing out, back to a plain sign-in page; otherwise come back here after signing in.
  if (!user) return <Navigate to={signOut.isIdle ? `/login?next=${encodeURIComponent(location.pathname + location.search)}` : '/login'} replace />;
  // Signed in with a generated password: nothing else works until the person chooses their own.
  if (user.mustChangePassword) return <ChoosePassword />;
  if (!roles.includes(user.role)) return <Navigate to={homeOf(user.role)} replace />;
  return (
    <AppShell user={user} onSignOut={() => signOut.mutate()}>
      {!user.emailVerified && (
        <div className="page">
          <ConfirmEmailBanner />
        </div>
      )}
      {children}
    </AppShell>
  );
}

export function homeOf(role: Role): string {
  return role === 'customer' ? '/portal' : '/agent';
}

function Home() {
  const session = useSession();
  if (session.isPending) return <Loading />;
  return <Navigate to={session.data ? homeOf(session.data.role) : '/login'} replace />;
}

/** Follows the signed-in user's language; the browser's until then. */
function useProfileLanguage() {
  const { i18n } = useTranslation();
  const session = useSession();
  const locale = session.data?.locale;
  useEffect(() => {
    if (!locale) return;
    const wanted = pickLanguage(locale, navigator.languages ?? []);
    if (i18n.language !== wanted) void i18n.changeLanguage(wanted);
  }, [locale, i18n]);
}

const STAFF: Role[] = ['agent', 'admin'];
const EVERYONE: Role[] = ['customer', 'agent', 'admin'];

export function AppRoutes() {
  useProfileLanguage();
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/login" element={<SignIn />} />
        <Route path="/signup" element={<SignUp />} />
        <Route path="/password-reset" element={<PasswordReset />} />
        {/* The address the reset mail links to. */}
        <Route path="/reset-password" element={<PasswordReset />} />
        <Route path="/verify-email" element={<VerifyEmail />} />
        {/* The help center is public: no sign-in for public articles. */}
        <Route path="/help" element={<HelpCenter />} />
        <Route path="/help/:slug" element={<HelpArticle />} />
        {/* The stable, server-rendered address of an article; the SPA takes over there too. */}
        <Route path="/help/articles/:slug" element={<HelpArticle />} />
        <Route
          path="/agent"
          element={
            <Guard roles={STAFF}>
              <AgentHome />
            </Guard>
          }
        />
        <Route
          path="/agent/tickets"
          element={
            <Guard roles={STAFF}>
              <TicketList />
            </Guard>
          }
        />
        <Route
          path="/agent/tickets/new"
          element={
            <Guard roles={STAFF}>
              <NewTicket />
            </Guard>
          }
        />
        <Route
          path="/agent/tickets/:id"
          element={
            <Guard roles={STAFF}>
              <TicketView />
            </Guard>
          }
        />
        <Route
          path="/agent/macros"
          element={
            <Guard roles={STAFF}>
              <MacrosPage />
            </Guard>
          }
        />
        <Route
          path="/agent/kb"
          element={
            <Guard roles={STAFF}>
              <KbArticles />
            </Guard>
          }
        />
        <Route
          path="/agent/kb/new"
          element={
            <Guard roles={STAFF}>
              <KbEditor />
            </Guard>
          }
        />
        <Route
          path="/agent/reports"
          element={
            <Guard roles={STAFF}>
              <ReportsPage />
            </Guard>
          }
        />
        <Route
          path="/agent/kb/insights"
          element={
            <Guard roles={STAFF}>
              <KbInsights />
            </Guard>
          }
        />
        <Route
          path="/agent/kb/:id"
          element={
            <Guard roles={STAFF}>
              <KbEditor />
            </Guard>
          }
        />
        <Route
          path="/agent/problems"
          element={
            <Guard roles={STAFF}>
              <ProblemsList />
            </Guard>
          }
        />
        <Route
          path="/agent/problems/:id"
          element={
            <Guard roles={STAFF}>
              <ProblemDetail />
            </Guard>
          }
        />
        <Route
          path="/portal"
          element={
            <Guard roles={EVERYONE}>
              <PortalHome />
            </Guard>
          }
        />
        <Route
          path="/portal/new"
          element={
            <Guard roles={EVERYONE}>
              <NewRequest />
            </Guard>
          }
        />
        <Route
          path="/portal/requests/:id"
          element={
            <Guard roles={EVERYONE}>
              <RequestView />
            </Guard>
          }
        />
        <Route
          path="/admin/*"
          element={
            <Guard roles={['admin']}>
              <AdminArea />
            </Guard>
          }
        />
        <Route
          path="/profile"
          element={
            <Guard roles={EVERYONE}>
              <Profile />
            </Guard>
          }
        />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </Suspense>
  );
}
