import { useState } from 'preact/hooks';
import { api, describe, session } from '../api.js';

/** The scheduler has an API token: it is asked once per browser session, and kept only for it. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (event: Event) => {
    event.preventDefault();
    session.signIn(token);
    try {
      await api.listJobs({ limit: 1 });
      onSignedIn();
    } catch (failure) {
      session.signOut();
      setError(describe(failure));
    }
  };
  return (
    <section>
      <h1>Sign in</h1>
      <form onSubmit={submit}>
        <label for="token">API token</label>
        <input id="token" type="password" autocomplete="current-password" required value={token} onInput={(e) => setToken(e.currentTarget.value)} />
        <button type="submit">Sign in</button>
        {error && <p role="alert" class="error">{error}</p>}
      </form>
    </section>
  );
}
