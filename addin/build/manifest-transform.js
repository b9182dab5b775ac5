// Production rewrite of manifest.xml: the source manifest points every URL at the
// webpack dev server (https://localhost:3000/); the copy in dist/addin points at
// the hosted add-in. Used by webpack.config.js (CopyWebpackPlugin) and tests.

export const DEV_URL = 'https://localhost:3000/';
export const DEFAULT_PROD_URL = 'https://phuluc.honglinh.hatinh.gov.vn/addin/';
export const PROD_URL_ENV = 'ADDIN_PROD_URL';

/**
 * The production base URL: `ADDIN_PROD_URL` if set, else DEFAULT_PROD_URL.
 * Must be https (Office refuses plain http); a trailing slash is added.
 * @param {Record<string, string | undefined>} [env]
 * @returns {string}
 */
export function resolveProdUrl(env = process.env) {
  const raw = (env[PROD_URL_ENV] ?? '').trim() || DEFAULT_PROD_URL;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${PROD_URL_ENV} is not a valid URL: ${raw}`);
  }
  if (url.protocol !== 'https:') throw new Error(`${PROD_URL_ENV} must be https: ${raw}`);
  if (url.search || url.hash) throw new Error(`${PROD_URL_ENV} must not have a query or fragment: ${raw}`);
  if (/^(localhost|127\.|\[::1\])/i.test(url.host)) throw new Error(`${PROD_URL_ENV} must not be localhost: ${raw}`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/**
 * Replaces every `https://localhost:3000/` with `prodUrl`, and any remaining
 * bare `https://localhost:3000` (e.g. an AppDomain) with the production origin.
 * Throws if `localhost` still appears afterwards, so a bad manifest fails the build.
 * @param {string} xml
 * @param {string} [prodUrl]
 * @returns {string}
 */
export function transformManifest(xml, prodUrl = resolveProdUrl()) {
  const base = prodUrl.endsWith('/') ? prodUrl : `${prodUrl}/`;
  const origin = new URL(base).origin;
  const out = xml.split(DEV_URL).join(base).split(DEV_URL.slice(0, -1)).join(origin);
  const left = /[^\s"'<>]*localhost[^\s"'<>]*/i.exec(out);
  if (left) throw new Error(`manifest.xml still references localhost after the production rewrite: ${left[0]}`);
  return out;
}
