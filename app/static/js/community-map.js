/* The console's community map: communities as circles (sized by members) and the ties between them; a
   chosen community shows its most central members, laid out in a web worker, and a search highlights a
   member and their contacts. Only aggregates and one community's few hundred members reach the browser. */
(function () {
  "use strict";
  const figure = document.getElementById("community-map");
  if (!figure) return;
  const WIDTH = 960;
  const HEIGHT = 640;
  const text = JSON.parse(figure.dataset.text);
  const numbers = new Intl.NumberFormat(document.documentElement.lang || "en");
  const canvas = figure.querySelector(".map-canvas");
  const detail = figure.querySelector(".map-detail");
  const toolbar = figure.querySelector(".map-toolbar");
  const list = document.getElementById("community-list");
  const search = figure.querySelector(".member-search");
  const names = document.getElementById("member-names");
  const PALETTE = ["#0b5e42", "#b3541e", "#5b3f8c", "#1f6f9f", "#9c2f55", "#6b6b12", "#2f7d7a", "#7a4b21"];
  let shown = null; // the members drawn: {nodes, edges}

  const say = window.JisrMap.say;
  const element = window.JisrMap.element;
  const titled = window.JisrMap.titled;
  const fetched = window.JisrMap.json;

  function layout(count, edges) {
    return new Promise(function (resolve, reject) {
      const worker = new Worker(figure.dataset.worker);
      worker.onmessage = function (event) {
        worker.terminate();
        resolve(event.data.positions);
      };
      worker.onerror = reject;
      worker.postMessage({ count: count, edges: edges, width: WIDTH, height: HEIGHT, iterations: 250 });
    });
  }

  function picture(name) {
    return element("svg", {
      viewBox: "0 0 " + WIDTH + " " + HEIGHT,
      role: "img",
      "aria-label": text.label,
      class: "downloadable",
      "data-filename": name,
    });
  }

  function failed() {
    canvas.setAttribute("aria-busy", "false");
    canvas.textContent = text.failed;
  }

  function drawCommunities(graph) {
    const index = {};
    graph.nodes.forEach(function (node, i) {
      index[node.id] = i;
    });
    const edges = graph.edges.map(function (edge) {
      return [index[edge[0]], index[edge[1]], edge[2] || 1];
    });
    const largest = graph.nodes.reduce(function (most, node) {
      return Math.max(most, node.size);
    }, 1);
    return layout(graph.nodes.length, edges).then(function (positions) {
      const svg = picture("jisr-communities");
      edges.forEach(function (edge) {
        const a = positions[edge[0]];
        const b = positions[edge[1]];
        svg.appendChild(
          element("line", { x1: a[0], y1: a[1], x2: b[0], y2: b[1], stroke: "#9aa5b1", "stroke-opacity": "0.5" })
        );
      });
      graph.nodes.forEach(function (node, i) {
        const words = say(text.community, { title: node.title, num: numbers.format(node.size), label: node.label });
        const group = element("g", { class: "community", "data-community": node.id, tabindex: "0" });
        group.appendChild(
          titled(
            element("circle", {
              cx: positions[i][0],
              cy: positions[i][1],
              r: (6 + 28 * Math.sqrt(node.size / largest)).toFixed(1),
              fill: PALETTE[node.id % PALETTE.length],
              "fill-opacity": "0.85",
              stroke: "#ffffff",
            }),
            words
          )
        );
        if (i < 25) {
          const label = element("text", {
            x: positions[i][0],
            y: positions[i][1] + 4,
            "text-anchor": "middle",
            "font-size": "11",
            fill: "#1b1b1b",
          });
          label.textContent = node.label || node.title;
          group.appendChild(label);
        }
        svg.appendChild(group);
      });
      canvas.replaceChildren(svg);
      canvas.setAttribute("aria-busy", "false");
      toolbar.hidden = true;
      shown = null;
    });
  }

  function listCommunities(graph) {
    list.replaceChildren();
    graph.nodes.forEach(function (node) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      button.dataset.community = node.id;
      button.textContent = say(text.community, { title: node.title, num: numbers.format(node.size), label: node.label });
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  function openCommunity(id, title) {
    canvas.setAttribute("aria-busy", "true");
    fetched(figure.dataset.api + "/" + encodeURIComponent(id))
      .then(function (graph) {
        const index = {};
        graph.nodes.forEach(function (node, i) {
          index[node.id] = i;
        });
        const seen = {};
        const edges = [];
        graph.edges.forEach(function (edge) {
          const a = index[edge[0]];
          const b = index[edge[1]];
          const key = Math.min(a, b) + "-" + Math.max(a, b);
          if (a !== undefined && b !== undefined && !seen[key]) {
            seen[key] = true;
            edges.push([a, b, 1]);
          }
        });
        return layout(graph.nodes.length, edges).then(function (positions) {
          drawMembers(graph, edges, positions, title);
        });
      })
      .catch(failed);
  }

  function drawMembers(graph, edges, positions, title) {
    const svg = picture("jisr-community-" + graph.community);
    const most = graph.nodes.reduce(function (top, node) {
      return Math.max(top, node.pagerank || 0);
    }, 1e-9);
    edges.forEach(function (edge) {
      const a = positions[edge[0]];
      const b = positions[edge[1]];
      svg.appendChild(
        element("line", {
          x1: a[0],
          y1: a[1],
          x2: b[0],
          y2: b[1],
          stroke: "#9aa5b1",
          "stroke-opacity": "0.6",
          class: "tie",
          "data-a": edge[0],
          "data-b": edge[1],
        })
      );
    });
    names.replaceChildren();
    graph.nodes.forEach(function (node, i) {
      const words = node.name ? say(text.member, { name: node.name, num: numbers.format(node.degree) }) : text.hidden;
      const dot = element("circle", {
        cx: positions[i][0],
        cy: positions[i][1],
        r: (3 + 9 * Math.sqrt((node.pagerank || 0) / most)).toFixed(1),
        fill: node.name ? "#0b5e42" : "#9aa5b1",
        stroke: "#ffffff",
        class: "member",
        "data-index": i,
      });
      if (node.name) {
        dot.setAttribute("data-name", node.name);
        const option = document.createElement("option");
        option.value = node.name;
        names.appendChild(option);
      }
      svg.appendChild(titled(dot, words));
    });
    canvas.replaceChildren(svg);
    canvas.setAttribute("aria-busy", "false");
    toolbar.hidden = false;
    shown = { nodes: graph.nodes, edges: edges };
    detail.textContent = say(text.opened, { title: title, num: numbers.format(graph.nodes.length) });
  }

  function folded(words) {
    return (words || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f\u064b-\u065f]/g, "")
      .toLowerCase()
      .trim();
  }

  function find(query) {
    if (!shown) return;
    const wanted = folded(query);
    const match = shown.nodes.findIndex(function (node) {
      return wanted && node.name && folded(node.name).indexOf(wanted) >= 0;
    });
    const svg = canvas.querySelector("svg");
    svg.querySelectorAll(".found, .near").forEach(function (node) {
      node.classList.remove("found", "near");
    });
    svg.classList.toggle("searching", match >= 0);
    if (match < 0) {
      detail.textContent = say(text.missing, { query: query });
      return;
    }
    const near = {};
    shown.edges.forEach(function (edge) {
      if (edge[0] === match) near[edge[1]] = true;
      if (edge[1] === match) near[edge[0]] = true;
    });
    svg.querySelectorAll("circle.member").forEach(function (dot) {
      const i = Number(dot.dataset.index);
      if (i === match) dot.classList.add("found");
      else if (near[i]) dot.classList.add("near");
    });
    svg.querySelectorAll("line.tie").forEach(function (line) {
      if (Number(line.dataset.a) === match || Number(line.dataset.b) === match) line.classList.add("near");
    });
    detail.textContent = say(text.found, {
      name: shown.nodes[match].name,
      num: numbers.format(Object.keys(near).length),
    });
  }

  function chosen(event) {
    const target = event.target.closest("[data-community]");
    if (!target) return;
    const title = target.querySelector("title") ? target.querySelector("title").textContent : target.textContent;
    openCommunity(target.dataset.community, title);
  }

  canvas.addEventListener("click", chosen);
  canvas.addEventListener("keydown", function (event) {
    if (event.key === "Enter") chosen(event);
  });
  list.addEventListener("click", chosen);
  canvas.addEventListener("mouseover", function (event) {
    const target = event.target.closest("circle");
    if (target) detail.textContent = target.querySelector("title").textContent;
  });
  search.addEventListener("submit", function (event) {
    event.preventDefault();
    find(search.elements.q.value);
  });

  let communities = null;
  figure.querySelector("[data-back]").addEventListener("click", function () {
    detail.textContent = "";
    drawCommunities(communities).catch(failed);
  });
  fetched(figure.dataset.api)
    .then(function (graph) {
      communities = graph;
      listCommunities(graph);
      return drawCommunities(graph);
    })
    .catch(failed);
})();
