// Tell the server the browser's time zone so that event times are shown in the reader's own.
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("jisr_tz=" + zone) === -1) {
      document.cookie = "jisr_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
    }
  } catch (e) { /* old browsers: times stay in UTC */ }
})();
