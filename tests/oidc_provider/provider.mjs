// A real OpenID Connect provider for the sign-in tests (the npm `oidc-provider` package),
// standing in for a council's Entra ID. tests/oidc_provider.py starts it on a free loopback
// port: `node provider.mjs PORT`. It signs in the test users below with their passwords,
// puts their groups in a `groups` claim, and ends its own session on RP-initiated logout.
import http from 'node:http';
import { URLSearchParams } from 'node:url';

import Provider from 'oidc-provider';

const port = Number(process.argv[2] || process.env.PORT || 0);
const issuer = `http://127.0.0.1:${port}`;

export const CLIENT = {
  client_id: 'golden-thread',
  client_secret: 'test-client-secret-not-for-use-anywhere-else',
};

// Test people. The `sub` stands in for Entra's object id.
const USERS = {
  'pat.lead': {
    password: 'pat-provider-password',
    sub: 'oid-0001-pat',
    email: 'pat.okafor@council.example',
    given_name: 'Pat',
    family_name: 'Okafor',
    groups: ['gt-performance-leads'],
  },
  'sam.staff': {
    password: 'sam-provider-password',
    sub: 'oid-0002-sam',
    email: 'sam.jones@council.example',
    given_name: 'Sam',
    family_name: 'Jones',
    groups: ['everyone'],
  },
  'alex.board': {
    password: 'alex-provider-password',
    sub: 'oid-0003-alex',
    email: 'alex.reid@council.example',
    given_name: 'Alex',
    family_name: 'Reid',
    groups: ['gt-board', 'everyone'],
  },
};

const bySub = Object.fromEntries(Object.values(USERS).map((user) => [user.sub, user]));

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

function loginForm(uid, error = '') {
  const message = error ? `<p role="alert" id="error">${escape(error)}</p>` : '';
  return page(
    'Test council sign-in',
    `${message}<form method="post" action="/interaction/${uid}/login">
<p><label for="username">Account name</label><br><input id="username" name="username" autocomplete="username"></p>
<p><label for="password">Account password</label><br><input id="password" name="password" type="password" autocomplete="current-password"></p>
<p><button type="submit">Continue</button></p></form>`,
  );
}

const configuration = {
  clients: [
    {
      ...CLIENT,
      // A native client: on loopback any port matches (RFC 8252), so the tests' servers,
      // each on its own port, can all use it.
      application_type: 'native',
      redirect_uris: [
        'http://127.0.0.1/accounts/sso/callback/',
        'http://localhost/accounts/sso/callback/',
      ],
      post_logout_redirect_uris: [
        'http://127.0.0.1/accounts/login/',
        'http://localhost/accounts/login/',
      ],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  async findAccount(ctx, sub) {
    const user = bySub[sub];
    if (!user) return undefined;
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          email: user.email,
          email_verified: true,
          name: `${user.given_name} ${user.family_name}`,
          given_name: user.given_name,
          family_name: user.family_name,
          groups: user.groups,
        };
      },
    };
  },
  // The council's own application: consent is never asked.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile groups');
    await grant.save();
    return grant;
  },
  interactions: {
    url(ctx, interaction) {
      return `/interaction/${interaction.uid}`;
    },
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page(
          'Sign out of the test council',
          `${form}<p><button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button></p>`,
        );
      },
    },
  },
  cookies: { keys: ['golden-thread-test-provider-cookie-key'] },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
};

const provider = new Provider(issuer, configuration);
const handle = provider.callback();

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return Object.fromEntries(new URLSearchParams(body));
}

async function interaction(req, res) {
  const [, , uid, action] = new URL(req.url, issuer).pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    const user = USERS[form.username];
    if (!user || user.password !== form.password) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(loginForm(uid, 'Wrong account name or password'));
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.sub } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  if (details.prompt.name === 'login') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(loginForm(uid));
    return;
  }
  // Consent: granted by loadExistingGrant above; finish the interaction.
  await provider.interactionFinished(req, res, { consent: {} }, { mergeWithLastSubmission: true });
}

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Interaction failed: ${error.message}`);
    });
    return;
  }
  handle(req, res);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`test OpenID Connect provider at ${issuer}`);
});

function stop() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
