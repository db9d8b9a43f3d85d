// Ura sandbox page: one phone-like pane per person, kept live by server-sent events.
// Plain script, no build step, nothing loaded from elsewhere. Text from the bot is shown
// through its Telegram entities as DOM nodes, never as HTML.
"use strict";

const state = { lang: "sq", texts: {}, roles: {}, agencies: {}, people: [], groups: [], tab: null, pending: false };

function t(key) { return state.texts[key] || key; }

async function api(path, body) {
  const options = body instanceof FormData
    ? { method: "POST", body }
    : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  const response = await fetch(path, options);
  return response.json().catch(() => ({ ok: response.ok }));
}

async function loadTexts(lang) {
  const data = await (await fetch(`/api/texts?lang=${encodeURIComponent(lang)}`)).json();
  state.lang = data.lang; state.texts = data.page; state.roles = data.roles; state.agencies = data.agencies;
  document.documentElement.lang = state.lang;
  document.title = t("title");
  for (const el of document.querySelectorAll("[data-text]")) el.textContent = t(el.dataset.text);
  for (const b of document.querySelectorAll("[data-lang]")) b.setAttribute("aria-pressed", String(b.dataset.lang === state.lang));
  const role = document.querySelector("#add [name=role]");
  fillSelect(role, state.roles);
  if (!role.dataset.touched) role.value = "committee";  // most people a coordinator adds
  role.addEventListener("change", () => { role.dataset.touched = "1"; }, { once: true });
  fillSelect(document.querySelector("#add [name=agency]"), state.agencies);
  document.querySelector("#add [name=lang]").value = state.lang;
}

function fillSelect(select, labels) {
  const chosen = select.value;
  select.replaceChildren(...Object.entries(labels).map(([value, label]) => new Option(label, value)));
  if (chosen) select.value = chosen;
}

// ---- text with Telegram entities -> DOM ------------------------------------------------
const TAGS = { bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code", pre: "pre",
  spoiler: "span", blockquote: "blockquote", expandable_blockquote: "blockquote" };

function richText(text, entities) {
  const fragment = document.createDocumentFragment();
  const cuts = new Set([0, text.length]);
  for (const e of entities || []) { cuts.add(e.offset); cuts.add(e.offset + e.length); }
  const points = [...cuts].filter((n) => n >= 0 && n <= text.length).sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const [from, to] = [points[i], points[i + 1]];
    let node = document.createTextNode(text.slice(from, to));
    for (const e of entities || []) {
      if (e.offset > from || e.offset + e.length < to) continue;
      let wrap = null;
      if (e.type === "text_link" || e.type === "url") {
        const href = e.type === "url" ? text.slice(e.offset, e.offset + e.length) : e.url;
        if (/^https?:\/\//i.test(href || "")) {
          wrap = document.createElement("a"); wrap.href = href; wrap.target = "_blank"; wrap.rel = "noopener noreferrer";
        }
      } else if (TAGS[e.type]) {
        wrap = document.createElement(TAGS[e.type]);
      }
      if (wrap) { wrap.appendChild(node); node = wrap; }
    }
    fragment.appendChild(node);
  }
  return fragment;
}

// ---- panes ------------------------------------------------------------------------------
function paneFor(person) {
  let pane = document.getElementById(`pane-${person.key}`);
  if (pane) return pane;
  pane = document.createElement("section");
  pane.className = "pane"; pane.id = `pane-${person.key}`; pane.setAttribute("role", "tabpanel");
  pane.dataset.person = person.key;
  pane.innerHTML = `<header><strong class="who"></strong><small class="what"></small></header>
    <ol class="messages" aria-live="polite"></ol>
    <div class="invite" hidden><button type="button" class="join"></button></div>
    <div class="reply-keys keys" hidden></div>
    <form class="compose">
      <label class="attach" title=""><span aria-hidden="true">📎</span><input type="file" class="upload"></label>
      <input type="text" class="say" autocomplete="off" maxlength="4096">
      <button type="submit" class="send"></button>
    </form>`;
  pane.querySelector(".compose").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = pane.querySelector(".say");
    const text = input.value;
    if (!text.trim()) return;
    input.value = "";
    await api("/api/send", { person: person.key, text });
  });
  pane.querySelector(".upload").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    const form = new FormData(); form.append("person", person.key); form.append("file", file);
    event.target.value = "";
    await api("/api/upload", form);
  });
  pane.querySelector(".join").addEventListener("click", () => api("/api/join", { person: person.key }));
  document.getElementById("panes").appendChild(pane);
  return pane;
}

function keyboard(person, message) {
  const box = document.createElement("div"); box.className = "keys";
  for (const row of message.buttons) {
    const line = document.createElement("div"); line.className = "row";
    for (const b of row) {
      let el;
      if (b.url) {
        el = document.createElement("a"); el.href = b.url; el.target = "_blank"; el.rel = "noopener noreferrer";
      } else {
        el = document.createElement("button"); el.type = "button";
        el.addEventListener("click", () => api("/api/press", { person: person.key, message: message.id, data: b.data }));
      }
      el.textContent = b.text; line.appendChild(el);
    }
    box.appendChild(line);
  }
  return box;
}

function messageItem(person, message) {
  const li = document.createElement("li");
  li.className = message.bot ? "msg" : "msg me";
  li.dataset.id = message.id;
  if (message.photo) {
    const img = document.createElement("img"); img.src = message.photo; img.alt = t("photo"); li.appendChild(img);
  }
  if (message.document) {
    const a = document.createElement("a"); a.className = "file"; a.href = message.document.url;
    a.download = message.document.name; a.textContent = `📄 ${message.document.name}`;
    li.appendChild(a); li.appendChild(document.createElement("br"));
  }
  if (message.location) li.appendChild(document.createTextNode(`📍 ${message.location.latitude}, ${message.location.longitude}`));
  li.appendChild(richText(message.text, message.entities));
  if (message.buttons.length) li.appendChild(keyboard(person, message));
  if (message.edited) {
    const mark = document.createElement("span"); mark.className = "edited"; mark.textContent = t("edited"); li.appendChild(mark);
  }
  return li;
}

function renderPane(person) {
  const pane = paneFor(person);
  pane.setAttribute("aria-label", person.name);
  pane.querySelector(".who").textContent = person.name;
  const group = state.groups.find(([slug]) => slug === person.group);
  pane.querySelector(".what").textContent = [state.roles[person.role], state.agencies[person.agency], group && group[1],
    person.lang.toUpperCase()].filter(Boolean).join(" · ");
  pane.querySelector(".say").placeholder = t("type_here");
  pane.querySelector(".say").setAttribute("aria-label", `${t("type_here")} — ${person.name}`);
  pane.querySelector(".send").textContent = t("send");
  pane.querySelector(".attach").title = t("attach");
  pane.querySelector(".upload").setAttribute("aria-label", `${t("attach")} — ${person.name}`);
  const invite = pane.querySelector(".invite");
  invite.hidden = !person.invite;
  invite.querySelector(".join").textContent = `🔗 ${t("open_invite")}`;
  const list = pane.querySelector(".messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren(...person.messages.map((m) => messageItem(person, m)));
  if (atBottom) list.scrollTop = list.scrollHeight;
  const replyKeys = pane.querySelector(".reply-keys");
  replyKeys.hidden = !person.keyboard.length;
  replyKeys.replaceChildren(...person.keyboard.map((row) => {
    const line = document.createElement("div"); line.className = "row";
    for (const label of row) {
      const b = document.createElement("button"); b.type = "button"; b.textContent = label;
      b.addEventListener("click", () => api("/api/send", { person: person.key, text: label }));
      line.appendChild(b);
    }
    return line;
  }));
}

function renderTabs() {
  const tabs = document.getElementById("tabs");
  const entries = [...state.people.map((p) => [p.key, p.name]), ["side", `＋ ${t("add_title")}`]];
  if (!state.tab || !entries.some(([key]) => key === state.tab)) state.tab = entries[0][0];
  tabs.replaceChildren(...entries.map(([key, label]) => {
    const b = document.createElement("button"); b.type = "button"; b.setAttribute("role", "tab");
    b.id = `tab-${key}`; b.textContent = label; b.setAttribute("aria-selected", String(key === state.tab));
    b.addEventListener("click", () => {
      state.tab = key; renderTabs();
      const list = document.querySelector(`#pane-${key} .messages`);
      if (list) list.scrollTop = list.scrollHeight;  // a pane drawn while hidden starts at the top
    });
    return b;
  }));
  for (const pane of document.querySelectorAll(".pane")) pane.classList.toggle("shown", pane.dataset.person === state.tab);
  document.getElementById("side").classList.toggle("shown", state.tab === "side");
}

function renderTour(tour) {
  const box = document.getElementById("tour");
  box.hidden = !tour.active;
  if (!tour.active) return;
  document.getElementById("tour-progress").textContent = `${Math.min(tour.done + 1, tour.total)}/${tour.total}`;
  document.getElementById("tour-caption").textContent = tour.caption;
  document.getElementById("tour-error").textContent = tour.error || "";
  const next = document.getElementById("tour-next");
  next.disabled = tour.busy || tour.done >= tour.total;
}

async function refresh() {
  if (state.pending) { state.again = true; return; }
  state.pending = true;
  state.again = false;
  try {
    const data = await (await fetch("/api/state")).json();
    state.people = data.people; state.groups = data.groups;
    const groupSelect = document.querySelector("#add [name=group]");
    fillSelect(groupSelect, Object.fromEntries(data.groups));
    for (const person of data.people) renderPane(person);
    renderTabs();
    renderTour(data.tour);
  } finally {
    state.pending = false;
  }
  if (state.again) await refresh();  // a change arrived while this one was drawn
}

document.getElementById("add").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const result = await api("/api/people", Object.fromEntries(form.entries()));
  document.getElementById("add-error").textContent = result.ok ? "" : result.error;
  if (result.ok) {
    event.target.reset();
    document.querySelector("#add [name=lang]").value = state.lang;
    document.querySelector("#add [name=role]").value = "committee";
    state.tab = result.key;
    await refresh();
  }
});
document.getElementById("tour-next").addEventListener("click", async () => {
  document.getElementById("tour-next").disabled = true;
  renderTour(await api("/api/tour/next", {}));
  await refresh();
});
for (const b of document.querySelectorAll("[data-lang]")) {
  b.addEventListener("click", async () => { await loadTexts(b.dataset.lang); await refresh(); });
}

(async () => {
  const wanted = new URLSearchParams(location.search).get("lang");
  await loadTexts(wanted || "");
  await refresh();
  const events = new EventSource("/api/events");
  events.addEventListener("change", () => refresh());
})();
