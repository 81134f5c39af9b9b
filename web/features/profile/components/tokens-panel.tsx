import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../../../components/date-time.tsx';
import { errorMessage } from '../../../components/states.tsx';
import { useCreateToken, useRevokeToken, useTokens } from '../api/profile.ts';

export function TokensPanel() {
  const { t } = useTranslation();
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(name, { onSuccess: () => setName('') });
  };
  return (
    <section className="card" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">{t('profile.tokens')}</h2>
      <p className="muted">{t('profile.tokensHint')}</p>
      <form className="inline" onSubmit={submit}>
        <label htmlFor="token-name" className="visually-hidden">
          {t('profile.tokenName')}
        </label>
        <input id="token-name" required placeholder={t('profile.tokenName')} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="btn" disabled={create.isPending}>
          {t('profile.createToken')}
        </button>
      </form>
      {create.data && (
        <p role="status">
          {t('profile.tokenCreated')} <code className="token-value">{create.data.token}</code>
        </p>
      )}
      {create.isError && (
        <p className="field-error" role="alert">
          {errorMessage(create.error, t)}
        </p>
      )}
      {tokens.data && tokens.data.length === 0 && <p className="muted">{t('profile.noTokens')}</p>}
      {tokens.data && tokens.data.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('profile.tokenName')}</th>
              <th scope="col">{t('admin.created')}</th>
              <th scope="col">{t('profile.lastUsed')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('profile.revoke')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>
                  <DateTime iso={token.createdAt} />
                </td>
                <td>{token.lastUsedAt ? <DateTime iso={token.lastUsedAt} /> : t('profile.never')}</td>
                <td>
                  <button type="button" className="btn btn-small btn-danger" onClick={() => revoke.mutate(token.id)}>
                    {t('profile.revoke')}
                    <span className="visually-hidden">: {token.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
