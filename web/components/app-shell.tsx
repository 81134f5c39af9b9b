import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation, useNavigate } from 'react-router';
import { isTyping } from '../lib/keyboard.ts';
import { useLiveStatus, useLiveTicketInvalidation } from '../lib/live-events.ts';
import type { SessionUser } from '../../shared/contracts/auth.ts';
import { MenuIcon } from './icons.tsx';
import { AvailabilityToggle } from './availability-toggle.tsx';
import { ShortcutHelp } from './shortcut-help.tsx';

interface Props {
  user: SessionUser;
  onSignOut: () => void;
  children: ReactNode;
}

export function AppShell({ user, onSignOut, children }: Props) {
  const { t } = useTranslation();
  const staff = user.role !== 'customer';
  const [helpOpen, setHelpOpen] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  // On a phone the links fold behind a menu button; a new page folds them again.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [location.pathname]);
  useLiveTicketInvalidation();

  useEffect(() => {
    if (!staff) return;
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event)) return;
      if (event.key === '?') {
        event.preventDefault();
        setHelpOpen(true);
      } else if (event.key === 'g') {
        void navigate('/agent');
      } else if (event.key === 'c') {
        void navigate('/agent/tickets/new');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [staff, navigate]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="topbar">
        <NavLink to={staff ? '/agent' : '/portal'} className="brand">
          Anlauf
        </NavLink>
        <button type="button" className="btn btn-ghost menu-button" aria-expanded={menuOpen} aria-controls="topbar-menu" onClick={() => setMenuOpen(!menuOpen)}>
          <MenuIcon open={menuOpen} />
          {t('mobile.menu')}
        </button>
        <div id="topbar-menu" className={`topbar-menu${menuOpen ? ' open' : ''}`}>
          <nav aria-label={t('shell.mainNavigation')}>
            <ul className="nav">
              {staff ? (
                <>
                  <li>
                    <NavLink to="/agent" end>
                      {t('shell.home')}
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/agent/tickets">{t('shell.tickets')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/agent/tickets/new" aria-keyshortcuts="c">
                      {t('pendingCaller.newTicket')}
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/agent/problems">{t('problems.nav')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/agent/macros">{t('macros.macros')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/agent/kb">{t('kbEditor.nav')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/agent/reports">{t('reports.nav')}</NavLink>
                  </li>
                  {user.role === 'admin' && (
                    <li>
                      <NavLink to="/admin">{t('shell.admin')}</NavLink>
                    </li>
                  )}
                </>
              ) : (
                <>
                  <li>
                    <NavLink to="/portal" end>
                      {t('portal.myRequests')}
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/portal/new">{t('portal.newRequest')}</NavLink>
                  </li>
                </>
              )}
              <li>
                <NavLink to="/profile">{t('shell.profile')}</NavLink>
              </li>
            </ul>
          </nav>
          <div className="topbar-end">
            <LiveBadge />
            {staff && <AvailabilityToggle />}
            {staff && (
              <button type="button" className="btn btn-ghost" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
                {t('shell.shortcuts')}
              </button>
            )}
            <span className="user-name">{user.name}</span>
            <button type="button" className="btn btn-ghost" onClick={onSignOut}>
              {t('auth.signOut')}
            </button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      {helpOpen && <ShortcutHelp onClose={() => setHelpOpen(false)} />}
    </div>
  );
}

function LiveBadge() {
  const { t } = useTranslation();
  const status = useLiveStatus();
  return (
    <span className={`live live-${status}`} role="status" aria-live="polite">
      <span className="live-dot" aria-hidden="true" />
      {t(`live.${status}`)}
    </span>
  );
}
