import { useState } from 'preact/hooks';
import { api, describe, session } from '../api.js';

/**
 * The scheduler has an API token: it is asked once per browser session, and kept only for it;
 * asked again when the scheduler `refused` the one kept.
 */
export function SignIn({ onSignedIn, refused }: { onSignedIn: () => void; refused: boolean }) {
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
      {refused && !error && <p role="status">The scheduler no longer accepts the token of this session; sign in again.</p>}
      <form onSubmit={submit}>
        <label for="token">API token</label>
        <input
          id="token"
          type="password"
          autocomplete="current-password"
          required
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <button type="submit">Sign in</button>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
