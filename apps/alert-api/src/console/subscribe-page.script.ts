/**
 * The script of /subscribe and /unsubscribe (served as /subscribe.js, so
 * the pages' policy allows only scripts from here): area by location or
 * region, then web push (the service worker /sw.js and the VAPID key) or
 * e-mail. Plain ES2020 for every browser that has push; no library.
 */
export const SUBSCRIBE_SCRIPT = `(() => {
  'use strict';
  const texts = JSON.parse(document.getElementById('page-texts').textContent);
  const $ = (id) => document.getElementById(id);
  const say = (id, text, isError) => {
    const el = $(id);
    if (!el) return;
    el.textContent = text || '';
    el.hidden = !text;
    el.className = isError ? 'error' : 'status';
    const control = el.dataset.for && $(el.dataset.for);
    if (control) control.setAttribute('aria-invalid', isError ? 'true' : 'false');
  };
  let located = null;

  function area() {
    if (located) return { kind: 'circle', lat: located.lat, lon: located.lon, radiusKm: Number($('radius').value) || 10 };
    const region = $('region') && $('region').value;
    return region ? { kind: 'regions', codes: [region] } : null;
  }
  const language = () => $('language').value;

  const locate = $('locate');
  if (locate) locate.addEventListener('click', () => {
    if (!navigator.geolocation) return say('area-status', texts.locateFailed, true);
    say('area-status', texts.locating);
    navigator.geolocation.getCurrentPosition((position) => {
      located = { lat: Math.round(position.coords.latitude * 1e4) / 1e4, lon: Math.round(position.coords.longitude * 1e4) / 1e4 };
      $('region').value = '';
      say('area-status', texts.located.replace('{km}', $('radius').value).replace('{lat}', located.lat).replace('{lon}', located.lon));
    }, () => say('area-status', texts.locateFailed, true), { timeout: 10000 });
  });
  const region = $('region');
  if (region) region.addEventListener('change', () => { if (region.value) { located = null; say('area-status', ''); } });

  async function post(path, body, method) {
    const response = await fetch(path, { method: method || 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) {
      const answer = await response.json().catch(() => ({}));
      throw new Error(answer.message || response.statusText);
    }
    return response.status === 204 ? {} : response.json();
  }

  const email = $('email-form');
  if (email) email.addEventListener('submit', async (event) => {
    event.preventDefault();
    say('email-error', ''); say('area-status', ''); say('email-status', '');
    const chosen = area();
    if (!chosen) return say('area-status', texts.needArea, true);
    const address = $('email').value.trim();
    if (!/^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$/.test(address)) { $('email').focus(); return say('email-error', texts.needEmail, true); }
    try {
      await post('/v1/subscriptions/email', { address, language: language(), area: chosen });
      say('email-status', texts.emailSent);
    } catch (error) { say('email-error', error.message, true); }
  });

  const pushSupported = 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  function base64UrlToBytes(text) {
    const padded = (text + '==='.slice((text.length + 3) % 4)).replace(/-/g, '+').replace(/_/g, '/');
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  }
  async function currentSubscription() {
    const registration = await navigator.serviceWorker.getRegistration('/');
    return registration ? registration.pushManager.getSubscription() : null;
  }
  async function showPushState() {
    if (!pushSupported) return say('push-status', texts.pushUnsupported, true);
    const subscription = await currentSubscription().catch(() => null);
    say('push-status', subscription ? texts.pushOn : texts.pushOff);
  }
  const enable = $('push-enable');
  if (enable) enable.addEventListener('click', async () => {
    if (!pushSupported) return say('push-status', texts.pushUnsupported, true);
    const chosen = area();
    if (!chosen) return say('area-status', texts.needArea, true);
    try {
      if ((await Notification.requestPermission()) !== 'granted') return say('push-status', texts.pushDenied, true);
      const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
      await navigator.serviceWorker.ready;
      const key = await (await fetch('/v1/webpush/vapid-public-key')).json();
      const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(key.publicKey) });
      await post('/v1/subscriptions/webpush', { subscription: subscription.toJSON(), languages: [language()], area: chosen });
      await showPushState();
    } catch (error) { say('push-status', error.message, true); }
  });
  const disable = $('push-disable');
  if (disable) disable.addEventListener('click', async () => {
    try {
      const subscription = await currentSubscription();
      if (subscription) {
        await post('/v1/subscriptions/webpush', { endpoint: subscription.endpoint }, 'DELETE');
        await subscription.unsubscribe();
      }
      await showPushState();
    } catch (error) { say('push-status', error.message, true); }
  });
  void showPushState();
})();
`;
