// The console's entry: sign-in with the admin token, a view per hash (#models, #queues, ...), refreshed every few
// seconds. The token lives in sessionStorage (gone when the tab closes) and travels only as a Bearer header to
// this origin.
import { ConsoleApi, ConsoleApiError, ROUTES } from './console-api.ts';
import { h } from './element-builder.ts';
import { batchesView } from './batches-view.ts';
import { headsView } from './heads-view.ts';
import { healthView } from './health-view.ts';
import { modelsView } from './models-view.ts';
import { queuesView } from './queues-view.ts';
import { tenantsView } from './tenants-view.ts';
import type { View, ViewContext } from './view-context.ts';

const TOKEN_KEY = 'sieve.console.adminToken';
/** How often the shown view is read again: often enough to follow a batch, rare enough for a busy gateway. */
const REFRESH_MS = 3000;

const VIEWS: Array<{ hash: string; title: string; view: View }> = [
  { hash: 'models', title: 'Models', view: modelsView },
  { hash: 'queues', title: 'Queues', view: queuesView },
  { hash: 'tenants', title: 'Tenants', view: tenantsView },
  { hash: 'batches', title: 'Batch jobs', view: batchesView },
  { hash: 'heads', title: 'Heads', view: headsView },
  { hash: 'health', title: 'Health', view: healthView },
];

const root = document.getElementById('app')!;
let timer: ReturnType<typeof setTimeout> | undefined;
let generation = 0;
let selectedTenant: string | undefined;
/** Pages shown of the current view's paged table; back to one on another view. */
let pages = 1;
let notice: string | undefined;

function currentView() {
  const hash = location.hash.replace(/^#/, '');
  return VIEWS.find((entry) => entry.hash === hash) ?? VIEWS[0]!;
}

function signOut(message?: string): void {
  sessionStorage.removeItem(TOKEN_KEY);
  if (timer) clearTimeout(timer);
  showSignIn(message);
}

function showSignIn(message?: string): void {
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    'aria-describedby': 'sign-in-help',
  });
  const error = h('p', { class: 'error', role: 'alert', id: 'sign-in-error' }, message ?? '');
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'sieve console'),
    h('label', { for: 'token' }, 'Admin token'),
    input,
    h(
      'p',
      { class: 'note', id: 'sign-in-help' },
      'The gateway’s SIEVE_ADMIN_TOKEN. It is kept in this tab only, until you sign out or close it.',
    ),
    button,
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    button.disabled = true;
    error.textContent = '';
    // Any admin route checks the token; the tenant list is the smallest one.
    new ConsoleApi(token)
      .get(ROUTES.tenants, { pageSize: 1 })
      .then(() => {
        sessionStorage.setItem(TOKEN_KEY, token);
        showConsole(token);
      })
      .catch((failure: unknown) => {
        error.textContent = failure instanceof Error ? failure.message : String(failure);
        button.disabled = false;
        input.select();
      });
  });
  root.replaceChildren(form);
  input.focus();
}

function showConsole(token: string): void {
  const api = new ConsoleApi(token);
  const nav = h(
    'nav',
    { 'aria-label': 'Views' },
    ...VIEWS.map((entry) => h('a', { href: `#${entry.hash}`, 'data-view': entry.hash }, entry.title)),
  );
  const updated = h('span', { class: 'updated', 'aria-live': 'polite' });
  const banner = h('p', { class: 'error', role: 'alert' });
  const main = h('main', { id: 'view' });
  root.replaceChildren(
    h(
      'header',
      {},
      h('span', { class: 'brand' }, 'sieve'),
      nav,
      updated,
      h('button', { type: 'button', class: 'link', onclick: () => signOut() }, 'Sign out'),
    ),
    banner,
    main,
  );

  const render = async () => {
    if (timer) clearTimeout(timer);
    const mine = ++generation;
    const entry = currentView();
    for (const link of nav.querySelectorAll('a')) {
      link.toggleAttribute('aria-current', link.dataset.view === entry.hash);
    }
    document.title = `${entry.title} · sieve console`;
    const context: ViewContext = {
      api,
      nowMs: Date.now(),
      selectedTenant,
      selectTenant: (id) => {
        selectedTenant = id;
        void render();
      },
      pages,
      loadMore: () => {
        pages += 1;
        void render();
      },
      refresh: () => void render(),
      notify: (message) => {
        notice = message;
      },
    };
    try {
      const element = await entry.view(context);
      if (mine !== generation) return; // a newer render (navigation, refresh) started meanwhile
      main.replaceChildren(element);
      main.dataset.view = entry.hash;
      banner.textContent = notice ?? '';
      notice = undefined;
      updated.textContent = `Updated ${new Date().toISOString().slice(11, 19)} UTC`;
    } catch (error) {
      if (mine !== generation) return;
      if (error instanceof ConsoleApiError && error.signedOut) return signOut(error.message);
      banner.textContent = error instanceof Error ? error.message : String(error);
    }
    timer = setTimeout(() => void render(), REFRESH_MS);
  };
  window.onhashchange = () => {
    pages = 1;
    void render();
  };
  void render();
}

const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) showConsole(saved);
else showSignIn();
