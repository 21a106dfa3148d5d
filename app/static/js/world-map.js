/* The console's world map: members per country (colour), connections and mentorships across borders
   (arcs). Shapes come from world-atlas (vendored); Morocco is drawn whole, its shape 732 merged into 504. */
(function () {
  "use strict";
  const figure = document.getElementById("world-map");
  if (!figure) return;
  const WIDTH = 960;
  const HEIGHT = 480;
  const MOROCCO = ["504", "732"];
  const ARCS_SHOWN = 80;
  const COLOURS = { low: [224, 238, 229], high: [11, 94, 66], hidden: "#c9c9c9", none: "#f1f1ef" };
  const text = JSON.parse(figure.dataset.text);
  const numbers = new Intl.NumberFormat(document.documentElement.lang || "en");
  const canvas = figure.querySelector(".map-canvas");
  const detail = figure.querySelector(".map-detail");
  const topology = window.JisrMap.json(figure.dataset.topology);

  const say = window.JisrMap.say;
  const element = window.JisrMap.element;
  const titled = window.JisrMap.titled;

  /* One entry per country drawn: its alpha-2 code and GeoJSON feature (Morocco merged, Antarctica left out). */
  function countries(world, codes) {
    const object = world.objects.countries;
    const shapes = object.geometries
      .filter(function (g) {
        return MOROCCO.indexOf(g.id) < 0;
      })
      .map(function (g) {
        return { code: codes[g.id] || codes[g.properties.name] || "", feature: topojson.feature(world, g) };
      })
      .filter(function (shape) {
        return shape.code !== "AQ";
      });
    const morocco = object.geometries.filter(function (g) {
      return MOROCCO.indexOf(g.id) >= 0;
    });
    shapes.push({
      code: "MA",
      feature: { type: "Feature", id: "504", properties: {}, geometry: topojson.merge(world, morocco) },
    });
    return shapes;
  }

  function colour(count, most) {
    if (count === undefined) return COLOURS.none;
    if (count === null) return COLOURS.hidden;
    const t = most > 1 ? Math.log(1 + count) / Math.log(1 + most) : 1;
    const mixed = COLOURS.low.map(function (low, i) {
      return Math.round(low + (COLOURS.high[i] - low) * t);
    });
    return "rgb(" + mixed.join(",") + ")";
  }

  /* The centre of a country's largest polygon (France's is in Europe, not between it and Guiana). */
  function centre(feature) {
    const geometry = feature.geometry;
    if (geometry.type !== "MultiPolygon") return d3.geoCentroid(feature);
    let best = null;
    let area = -1;
    geometry.coordinates.forEach(function (polygon) {
      const part = { type: "Polygon", coordinates: polygon };
      const size = d3.geoArea(part);
      if (size > area) {
        area = size;
        best = part;
      }
    });
    return d3.geoCentroid(best);
  }

  function countryLabel(code, data) {
    const name = data.names[code] || code;
    const count = data.members[code];
    if (count === undefined) return say(text.none, { name: name });
    if (count === null) return say(text.hidden, { name: name });
    return say(text.members, { name: name, num: numbers.format(count) });
  }

  function draw(world, data) {
    const shapes = countries(world, data.codes);
    const projection = d3.geoNaturalEarth1().fitSize([WIDTH, HEIGHT], { type: "Sphere" });
    const path = d3.geoPath(projection);
    const counts = Object.values(data.members).filter(function (n) {
      return n !== null;
    });
    const most = counts.length ? Math.max.apply(null, counts) : 0;
    const svg = element("svg", {
      viewBox: "0 0 " + WIDTH + " " + HEIGHT,
      role: "img",
      "aria-label": text.label,
      class: "downloadable",
      "data-filename": "jisr-world-map" + (data.layer ? "-" + data.layer.replace(/[^\w-]+/g, "-") : ""),
    });
    svg.appendChild(element("path", { d: path({ type: "Sphere" }), fill: "#f8fbfd", stroke: "#d0d7de" }));
    const where = {};
    shapes.forEach(function (shape) {
      const outline = element("path", {
        d: path(shape.feature),
        fill: colour(data.members[shape.code], most),
        stroke: "#ffffff",
        "stroke-width": "0.5",
        class: "country",
        "data-code": shape.code,
        tabindex: shape.code ? "0" : "-1",
      });
      if (shape.code === "MA") {
        const bounds = d3.geoBounds(shape.feature);
        outline.setAttribute("data-south", bounds[0][1].toFixed(2));
      }
      svg.appendChild(titled(outline, countryLabel(shape.code, data)));
      if (shape.code) where[shape.code] = centre(shape.feature);
    });
    ["connections", "mentorships"].forEach(function (kind) {
      const rows = (data.arcs[kind] || [])
        .filter(function (row) {
          return row[2] && where[row[0]] && where[row[1]];
        })
        .sort(function (a, b) {
          return b[2] - a[2];
        })
        .slice(0, ARCS_SHOWN);
      const strongest = rows.length ? rows[0][2] : 1;
      rows.forEach(function (row) {
        const arc = element("path", {
          d: path({ type: "LineString", coordinates: [where[row[0]], where[row[1]]] }),
          fill: "none",
          stroke: kind === "connections" ? "#b3541e" : "#5b3f8c",
          "stroke-opacity": "0.6",
          "stroke-width": (0.6 + 3.4 * Math.sqrt(row[2] / strongest)).toFixed(2),
          "stroke-dasharray": kind === "connections" ? "none" : "4 3",
          class: "arc arc-" + kind,
        });
        const words = say(text[kind], {
          a: data.names[row[0]] || row[0],
          b: data.names[row[1]] || row[1],
          num: numbers.format(row[2]),
        });
        svg.appendChild(titled(arc, words));
      });
    });
    canvas.replaceChildren(svg);
    canvas.setAttribute("aria-busy", "false");
  }

  function filters(code) {
    const query = new URLSearchParams({ country: code });
    const layer = figure.dataset.layer;
    if (layer) {
      const kind = layer.split(":")[0];
      query.set(kind, layer.slice(kind.length + 1));
    }
    return figure.dataset.directory + "?" + query.toString();
  }

  function pointed(event) {
    const outline = event.target.closest("path.country, path.arc");
    if (outline) detail.textContent = outline.querySelector("title").textContent;
  }

  canvas.addEventListener("mouseover", pointed);
  canvas.addEventListener("focusin", pointed);
  canvas.addEventListener("click", function (event) {
    const outline = event.target.closest("path.country");
    if (outline && outline.dataset.code) window.location.href = filters(outline.dataset.code);
  });
  canvas.addEventListener("keydown", function (event) {
    const outline = event.target.closest("path.country");
    if (outline && outline.dataset.code && event.key === "Enter") window.location.href = filters(outline.dataset.code);
  });

  const layer = encodeURIComponent(figure.dataset.layer);
  const figures = window.JisrMap.json(figure.dataset.api + "?layer=" + layer);
  Promise.all([topology, figures])
    .then(function (loaded) {
      draw(loaded[0], loaded[1]);
    })
    .catch(function () {
      canvas.setAttribute("aria-busy", "false");
      canvas.textContent = text.failed;
    });
})();
