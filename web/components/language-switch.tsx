import { useTranslation } from 'react-i18next';

/** Language choice before signing in (afterwards the profile decides). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-switch">
      <label htmlFor="language-switch">{t('profile.language')}</label>
      <select id="language-switch" value={i18n.language} onChange={(e) => void i18n.changeLanguage(e.target.value)}>
        <option value="de">Deutsch</option>
        <option value="en">English</option>
      </select>
    </div>
  );
}
