// A member's photo, or their initials (first letters of the first and last words), as the pages draw them.
window.JisrAvatar = function (name, photoUrl) {
  "use strict";
  if (photoUrl) {
    var img = document.createElement("img"); img.className = "avatar avatar-s"; img.alt = ""; img.src = photoUrl;
    return img;
  }
  var words = (name || "?").trim().split(/\s+/);
  var letters = words.length > 1 ? words[0][0] + words[words.length - 1][0] : words[0][0];
  var span = document.createElement("span"); span.className = "avatar avatar-s initials";
  span.setAttribute("aria-hidden", "true"); span.textContent = letters.toUpperCase();
  return span;
};
