import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, session } from './api';
import { I18nContext, translator, UI_LANGUAGES, type MessageKey, type UiLanguage } from './i18n';
import { go, useRoute } from './router';
import { AdminScreen } from './screens/admin';
import { AuditScreen } from './screens/audit';
import { DashboardScreen } from './screens/dashboard';
import { DraftScreen } from './screens/draft';
import { InboundScreen } from './screens/inbound';
import { LoginScreen } from './screens/login';
import { ActivateScreen } from './screens/activate';
import { QueueScreen } from './screens/queue';
import { ValidateScreen } from './screens/validate';
import type { Me, Role } from './types';

const LANGUAGE_KEY = 'childalert.language';

interface NavItem {
  path: string;
  label: MessageKey;
  roles: Role[];
}

const NAV: NavItem[] = [
  { path: 'draft', label: 'nav.draft', roles: ['police_officer'] },
  { path: 'mine', label: 'nav.mine', roles: ['police_officer'] },
  { path: 'validate', label: 'nav.validate', roles: ['police_supervisor'] },
  { path: 'activate', label: 'nav.activate', roles: ['ngo_operator'] },
  {
    path: 'live',
    label: 'nav.live',
    roles: ['ngo_operator', 'ngo_admin', 'police_supervisor', 'police_officer'],
  },
  { path: 'inbound', label: 'nav.inbound', roles: ['ngo_operator', 'ngo_admin'] },
  { path: 'users', label: 'nav.users', roles: ['ngo_admin'] },
  { path: 'broadcasters', label: 'nav.broadcasters', roles: ['ngo_admin'] },
  { path: 'partners', label: 'nav.partners', roles: ['ngo_admin'] },
  { path: 'audit', label: 'nav.audit', roles: ['auditor'] },
];

function initialLanguage(): UiLanguage {
  const stored = localStorage.getItem(LANGUAGE_KEY);
  if (stored === 'el' || stored === 'en') return stored;
  return navigator.language.startsWith('el') ? 'el' : 'en';
}

export function App() {
  const [language, setLanguage] = useState<UiLanguage>(initialLanguage);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [exercise, setExercise] = useState(false);
  const route = useRoute();
  const i18n = useMemo(() => ({ t: translator(language), language }), [language]);
  const { t } = i18n;

  const loadMe = useCallback(() => {
    if (session.token() === null) return setMe(null);
    api<Me>('GET', '/v1/auth/me').then(setMe, () => setMe(null));
  }, []);
  useEffect(loadMe, [loadMe]);
  useEffect(() => {
    const out = () => setMe(null);
    window.addEventListener('childalert:logout', out);
    return () => window.removeEventListener('childalert:logout', out);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
    localStorage.setItem(LANGUAGE_KEY, language);
  }, [language]);
  useEffect(() => setExercise(false), [route.join('/')]);

  const allowed = NAV.filter((item) => me?.roles.some((role) => item.roles.includes(role)));
  useEffect(() => {
    if (me && route.length === 0 && allowed.length > 0) go(allowed[0].path);
  }, [me, route.length, allowed]);

  let screen;
  if (me === undefined) screen = <p>{t('common.loading')}</p>;
  else if (me === null) screen = <LoginScreen onLogin={loadMe} />;
  else screen = <Screen route={route} me={me} onExercise={setExercise} />;

  return (
    <I18nContext.Provider value={i18n}>
      <div className={exercise ? 'app exercise' : 'app'}>
        <a
          className="skip"
          href="#main"
          onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}
        >
          {t('app.skip')}
        </a>
        <header className="top">
          <strong className="brand">{t('app.title')}</strong>
          {me && (
            <nav aria-label="main">
              <ul>
                {allowed.map((item) => (
                  <li key={item.path}>
                    <a href={`#/${item.path}`} aria-current={route[0] === item.path ? 'page' : undefined}>
                      {t(item.label)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <div className="top-right">
            <label>
              {t('app.language')}{' '}
              <select value={language} onChange={(e) => setLanguage(e.target.value as UiLanguage)}>
                {UI_LANGUAGES.map((l) => (
                  <option key={l.code} value={l.code}>
                    {l.name}
                  </option>
                ))}
              </select>
            </label>
            {me && (
              <span className="who">
                {me.displayName}{' '}
                <button type="button" onClick={() => (session.clear(), setMe(null), go(''))}>
                  {t('app.logout')}
                </button>
              </span>
            )}
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {screen}
        </main>
      </div>
    </I18nContext.Provider>
  );
}

function Screen({ route, me, onExercise }: { route: string[]; me: Me; onExercise: (on: boolean) => void }) {
  const [section, id] = route;
  switch (section) {
    case 'draft':
      return <DraftScreen onExercise={onExercise} />;
    case 'mine':
      return <QueueScreen kind="mine" />;
    case 'validate':
      return id ? <ValidateScreen id={id} onExercise={onExercise} /> : <QueueScreen kind="validate" />;
    case 'activate':
      return id ? <ActivateScreen id={id} onExercise={onExercise} /> : <QueueScreen kind="activate" />;
    case 'live':
      return <QueueScreen kind="live" />;
    case 'alerts':
      return <DashboardScreen id={id} me={me} onExercise={onExercise} />;
    case 'inbound':
      return <InboundScreen />;
    case 'users':
    case 'broadcasters':
    case 'partners':
      return <AdminScreen section={section} />;
    case 'audit':
      return <AuditScreen />;
    default:
      return null;
  }
}
