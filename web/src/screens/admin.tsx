import { BroadcastersAdmin } from '../admin/broadcasters';
import { PartnersAdmin } from '../admin/partners';
import { UsersAdmin } from '../admin/users';
import { useI18n } from '../i18n';

type Section = 'users' | 'broadcasters' | 'partners';

/** The NGO admin: users and roles, broadcasters and partners (their keys are shown once, at creation or rotation). */
export function AdminScreen({ section }: { section: Section }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t(`nav.${section}`)}</h1>
      {section === 'users' ? (
        <UsersAdmin />
      ) : section === 'broadcasters' ? (
        <BroadcastersAdmin />
      ) : (
        <PartnersAdmin />
      )}
    </section>
  );
}
