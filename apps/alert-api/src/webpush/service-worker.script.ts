/**
 * The service worker the public pages register (`/sw.js`), for the payload
 * the web push worker sends ({alertId, version, event, lang, title, body,
 * url, tag, image?, requireInteraction, exercise, found?}):
 * - shows the notification with the photo, held on screen until the person
 *   acts (requireInteraction) while the alert is live;
 * - one notification per alert (`tag`): an update or the ending replaces the
 *   one shown (`renotify` so an update is noticed again);
 * - a click opens (or focuses) the alert page.
 * Plain ES2017, no imports: browsers run it as is.
 */
export const SERVICE_WORKER_SCRIPT = `'use strict';
self.addEventListener('install', function () {
  self.skipWaiting();
});
self.addEventListener('activate', function (event) {
  event.waitUntil(self.clients.claim());
});
self.addEventListener('push', function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = { title: 'AMBER Alert', body: event.data ? event.data.text() : '' };
  }
  var options = {
    body: data.body || '',
    tag: data.tag || (data.alertId ? 'childalert-' + data.alertId : 'childalert'),
    renotify: true,
    requireInteraction: data.requireInteraction !== false,
    lang: data.lang || undefined,
    data: { url: data.url || '/', alertId: data.alertId, version: data.version }
  };
  if (data.image) {
    options.image = data.image;
    options.icon = data.image;
  }
  event.waitUntil(
    self.registration.getNotifications({ tag: options.tag }).then(function (shown) {
      // An older push arriving late must not replace a newer version on screen.
      for (var i = 0; i < shown.length; i++) {
        var previous = shown[i].data || {};
        if (previous.alertId === data.alertId && previous.version > data.version) return undefined;
      }
      return self.registration.showNotification(data.title || 'AMBER Alert', options);
    })
  );
});
self.addEventListener('notificationclick', function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || '/';
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (windows[i].url === url && 'focus' in windows[i]) return windows[i].focus();
      }
      return self.clients.openWindow(url);
    })
  );
});
`;
