/* What the console's maps share: window.JisrMap.say (fills "%(name)s" placeholders of the page's translated
   sentences), .element (an SVG element with attributes), .titled (adds a hover title), .json (fetches JSON,
   failing on an HTTP error); and the downloads: buttons with data-map-download="svg|png" save the page's
   svg.downloadable (its figures use presentation attributes, so the file looks like the page). */
(function () {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";

  function say(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_match, key) {
      return values[key];
    });
  }

  function element(name, attributes) {
    const node = document.createElementNS(NS, name);
    Object.keys(attributes).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    return node;
  }

  function titled(node, words) {
    const title = element("title", {});
    title.textContent = words;
    node.appendChild(title);
    return node;
  }

  function json(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  window.JisrMap = { say: say, element: element, titled: titled, json: json };

  function svgText(svg) {
    const copy = svg.cloneNode(true);
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    copy.setAttribute("width", svg.viewBox.baseVal.width);
    copy.setAttribute("height", svg.viewBox.baseVal.height);
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
  }

  function save(href, name) {
    const link = document.createElement("a");
    link.href = href;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function download(kind) {
    const svg = document.querySelector("svg.downloadable");
    if (!svg) return;
    const name = svg.dataset.filename || "jisr-map";
    const source = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svgText(svg));
    if (kind === "svg") {
      save(source, name + ".svg");
      return;
    }
    const image = new Image();
    image.onload = function () {
      const scale = 2;
      const canvas = document.createElement("canvas");
      canvas.width = svg.viewBox.baseVal.width * scale;
      canvas.height = svg.viewBox.baseVal.height * scale;
      const context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      save(canvas.toDataURL("image/png"), name + ".png");
    };
    image.src = source;
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-map-download]");
    if (button) download(button.dataset.mapDownload);
  });
})();
