// crmsim market game: the three pages (join, team, instructor) over the JSON API.
// Every word comes from /api/text; text is set with textContent, never as HTML.
"use strict";

const DECISIONS = ["relationship_level", "loyalty_tier", "service_quality", "price_discount",
  "expectation_level", "marketing_budget", "contact_budget"];
const STAGES = ["exploration", "formation", "stability", "decline"];
const LOYALTY = ["none", "inertia", "latent", "absolute"];
const KEYS = { team: "crmsim-game-team-key", instructor: "crmsim-game-instructor-key" };
const POLL_MS = 3000;

let WORDS = {};
let LANG = localStorage.getItem("crmsim-game-lang") || "";
const page = document.body.dataset.page;

function tr(key, values) {
  const pair = WORDS[key];
  let s = pair ? pair[LANG === "zh" ? 1 : 0] : key;
  for (const [k, v] of Object.entries(values || {})) s = s.split("{" + k + "}").join(String(v));
  return s;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") node.textContent = v;
    else if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function say(text, kind) {
  const m = document.getElementById("message");
  m.textContent = text || "";
  m.className = kind || "";
}

async function api(path, options) {
  const opts = options || {};
  const headers = { "X-Lang": LANG };
  if (opts.key) headers.Authorization = "Bearer " + opts.key;
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  const reply = await fetch(path, {
    method: opts.method || (opts.body !== undefined ? "POST" : "GET"),
    headers, body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  if (opts.blob && reply.ok) return { ok: true, status: reply.status, data: await reply.blob() };
  let data = null;
  try { data = await reply.json(); } catch (e) { data = { error: String(reply.status) }; }
  return { ok: reply.ok, status: reply.status, data };
}

const money = (x) => x === null || x === undefined ? "–" :
  Number(x).toLocaleString(LANG === "zh" ? "zh-CN" : "en", { maximumFractionDigits: 0 });
const pct = (x) => x === null || x === undefined ? "–" : (100 * x).toFixed(1) + " %";
const num = (x, d) => x === null || x === undefined ? "–" : Number(x).toFixed(d);

function table(head, rows, id) {
  const t = el("table", id ? { id } : {});
  t.append(el("tr", {}, ...head.map((h) => el("th", { text: h }))));
  for (const r of rows) t.append(el("tr", {}, ...r.map((c) => el("td", { text: c }))));
  return el("div", { class: "wrap" }, t);
}

function setLanguage(lang) {
  LANG = lang;
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.getElementById("title").textContent = tr("title");
  document.title = tr("title");
  document.getElementById("lang-btn").textContent = tr("language");
}

// a computer rival is named in the reader's language; a team as it named itself
const firmName = (r) => r.kind === "computer" && r.strategy ?
  tr("computer") + ": " + tr("strategy." + r.strategy) : r.name;

function leaderboardTable(board) {
  return table(
    [tr("rank"), tr("team"), tr("customer_equity"), tr("market_share"), tr("cumulative_profit")],
    board.map((r) => [String(r.rank), firmName(r), money(r.customer_equity), pct(r.market_share),
      money(r.cumulative_profit)]), "leaderboard");
}

function reportRows(rep) {
  const rows = [
    [tr("customers"), String(rep.customers)],
    ...STAGES.map((s) => ["  " + tr("stage." + s), String(rep.by_stage[s])]),
    [tr("acquired"), String(rep.acquired)],
    [tr("lost"), String(rep.lost)],
    [tr("retention"), pct(rep.retention)],
    [tr("satisfaction"), num(rep.satisfaction, 3)],
    [tr("market_share"), pct(rep.market_share)],
    [tr("revenue"), money(rep.revenue)],
    [tr("costs"), money(rep.costs)],
    [tr("profit"), money(rep.profit)],
    [tr("cumulative_profit"), money(rep.cumulative_profit)],
    [tr("customer_equity"), money(rep.customer_equity)],
  ];
  for (const k of LOYALTY) rows.push([tr("loyalty_mix") + ": " + tr("loyalty." + k), String(rep.loyalty_mix[k])]);
  return rows;
}

async function showFigure(img, path, key) {
  const r = await api(path + "?lang=" + LANG, { key, blob: true });
  if (r.ok) {
    if (img.src.startsWith("blob:")) URL.revokeObjectURL(img.src);
    img.src = URL.createObjectURL(r.data);
  }
}

// --- the join page ------------------------------------------------------------------

function joinPage() {
  const main = document.getElementById("main");
  main.replaceChildren();
  const code = el("input", { id: "join-code", autocomplete: "off", maxlength: "20", placeholder: "ABCDE-23456" });
  const name = el("input", { id: "team-name", maxlength: "40" });
  const form = el("form", { class: "grid", id: "join-form", novalidate: "" },
    el("label", { for: "join-code", text: tr("join_code") }), code,
    el("label", { for: "team-name", text: tr("team_name") }), name,
    el("span"), el("button", { class: "primary", id: "join-btn", type: "submit", text: tr("join") }));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const r = await api("/api/join", { body: { code: code.value, name: name.value || null } });
    if (!r.ok) return say(r.data.error, "error");
    localStorage.setItem(KEYS.team, r.data.key);
    location.href = "/team";
  });
  main.append(el("p", { text: tr("tagline") }), el("h2", { text: tr("join_title") }), form,
    el("p", { class: "note", text: tr("key_lost") }),
    el("p", {}, el("a", { href: "/instructor", text: tr("instructor") })));
}

// --- the team page ---------------------------------------------------------------------

let teamState = { round: null, rounds_run: null, editing: false };

function decisionInput(name, ranges, value) {
  const r = ranges[name];
  if (name === "relationship_level" || name === "loyalty_tier") {
    const prefix = name === "relationship_level" ? "level." : "tier.";
    const s = el("select", { id: "d-" + name, name });
    for (let i = r.lo; i <= r.hi; i++) s.append(el("option", { value: String(i), text: tr(prefix + i) }));
    s.value = String(value);
    return s;
  }
  const step = name.endsWith("_budget") ? "1" : "0.01";
  return el("input", { id: "d-" + name, name, type: "number", min: String(r.lo), max: String(r.hi), step, value: String(value) });
}

function planText(plan, budget) {
  const parts = [["plan_marketing", plan.marketing], ["plan_contacts", plan.contacts],
    ["plan_structural", plan.structural], ["plan_quality", plan.quality]]
    .filter(([, v]) => v > 0).map(([k, v]) => tr(k) + " " + money(v)).join(" + ");
  return tr("budget_left", { spent: money(plan.total), budget: money(budget) }) + (parts ? " (" + parts + "). " : ". ") +
    tr("buys", { reach: pct(plan.reach), contact: pct(plan.contact_chance) });
}

async function teamPage() {
  const key = localStorage.getItem(KEYS.team);
  if (!key) { location.href = "/"; return; }
  const r = await api("/api/team", { key });
  if (!r.ok) {
    say(r.data.error, "error");
    if (r.status === 401) { localStorage.removeItem(KEYS.team); setTimeout(() => { location.href = "/"; }, 2500); }
    return;
  }
  const v = r.data;
  if (!localStorage.getItem("crmsim-game-lang") && LANG !== v.game.lang) setLanguage(v.game.lang);
  const changed = teamState.round !== v.round || teamState.rounds_run !== v.game.rounds_run;
  if (changed && teamState.round !== null) say("");  // a new round: last round's "saved" is old news
  if (changed || !document.getElementById("team-title")) renderTeam(v, key);
  else {
    document.getElementById("status").textContent = statusText(v.game, v.submitted);
  }
  teamState.round = v.round;
  teamState.rounds_run = v.game.rounds_run;
}

function statusText(game, submitted) {
  if (game.finished) return tr("game_over");
  return tr("round_of", { n: game.round, total: game.rounds }) + " · " +
    (submitted ? tr("submitted") : tr("not_submitted"));
}

function renderTeam(v, key) {
  const main = document.getElementById("main");
  main.replaceChildren();
  main.append(el("h2", { id: "team-title", text: tr("team") + ": " + v.team.name }),
    el("p", { id: "status", text: statusText(v.game, v.submitted) }));
  if (!v.game.finished) {
    const form = el("form", { class: "grid", id: "decisions", novalidate: "" });
    for (const name of DECISIONS) {
      form.append(el("label", { for: "d-" + name, text: tr(name) }), decisionInput(name, v.ranges, v.decisions[name]));
    }
    form.append(el("span"), el("button", { class: "primary", id: "submit-btn", type: "submit", text: tr("submit") }));
    const plan = el("p", { id: "plan", class: "note", text: planText(v.plan, v.game.budget) });
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const body = {};
      for (const name of DECISIONS) {
        const input = document.getElementById("d-" + name);
        const raw = input.value.trim();
        body[name] = raw === "" || isNaN(Number(raw)) ? raw : Number(raw);
      }
      const s = await api("/api/team/decisions", { key, body });
      if (!s.ok) return say(s.data.error, "error");
      say(tr("saved", { n: s.data.round }), "ok");
      plan.textContent = planText(s.data.plan, v.game.budget);
      document.getElementById("status").textContent = statusText(v.game, true);
    });
    main.append(el("h2", { text: tr("your_decisions", { n: v.round }) }), form, plan);
  }
  main.append(el("h2", { text: v.reports.length ? tr("report", { n: v.reports.length }) : tr("no_report") }));
  if (v.reports.length) {
    const rep = v.reports[v.reports.length - 1];
    const cols = el("div", { class: "cols" });
    cols.append(table([tr("team"), v.team.name], reportRows(rep), "report"));
    const rounds = v.reports.map((x) => [tr("round_n", { n: x.round }), String(x.customers), pct(x.market_share),
      money(x.profit), money(x.customer_equity)]);
    cols.append(table(["", tr("customers"), tr("market_share"), tr("profit"), tr("customer_equity")], rounds, "history"));
    main.append(cols);
    const img = el("img", { id: "figure", class: "figure", alt: tr("by_stage") });
    main.append(img);
    showFigure(img, "/api/team/figure.png", key);
    main.append(el("h2", { text: tr("leaderboard") }), leaderboardTable(v.leaderboard));
  }
}

// --- the instructor console ---------------------------------------------------------------

function fromFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get("key")) localStorage.setItem(KEYS.instructor, params.get("key"));
  const setup = params.get("setup");
  if (location.hash) history.replaceState(null, "", location.pathname);
  if (setup) sessionStorage.setItem("crmsim-game-setup", setup);
}

async function setupForm(main) {
  const o = (await api("/api/options")).data;
  const field = (name, input) => [el("label", { for: "s-" + name, text: tr(name) }), input];
  const presetSel = el("select", { id: "s-preset" });
  for (const p of o.presets) presetSel.append(el("option", { value: p, text: tr("preset." + p) }));
  const langSel = el("select", { id: "s-lang" },
    el("option", { value: "zh", text: "中文" }), el("option", { value: "en", text: "English" }));
  langSel.value = LANG;
  const rivals = el("span", { id: "s-rivals" });
  for (const s of o.strategies) {
    rivals.append(el("label", {}, el("input", { type: "checkbox", value: s }), " " + tr("strategy." + s) + " "));
  }
  const n = (name, value, min, max) => el("input", { id: "s-" + name, type: "number", value: String(value), min: String(min), max: String(max), step: "1" });
  const form = el("form", { class: "grid", id: "setup", novalidate: "" },
    ...field("preset", presetSel), ...field("n_teams", n("n_teams", 4, 1, 40)),
    ...field("rounds", n("rounds", 6, 1, 20)), ...field("weeks_per_round", n("weeks_per_round", 8, 1, 52)),
    ...field("budget_per_round", el("input", { id: "s-budget", type: "number", min: "1", step: "1", placeholder: "auto" })),
    ...field("n_customers", el("input", { id: "s-n_customers", type: "number", min: "100", step: "1", placeholder: "auto" })),
    ...field("game_language", langSel), ...field("rivals", rivals),
    el("span"), el("button", { class: "primary", id: "create-btn", type: "submit", text: tr("create") }));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const val = (id) => document.getElementById(id).value.trim();
    const body = {
      preset: val("s-preset"), n_teams: Number(val("s-n_teams")), rounds: Number(val("s-rounds")),
      weeks_per_round: Number(val("s-weeks_per_round")), lang: val("s-lang"),
      rivals: [...rivals.querySelectorAll("input:checked")].map((x) => x.value),
    };
    if (val("s-budget")) body.budget = Number(val("s-budget"));
    if (val("s-n_customers")) body.n_customers = Number(val("s-n_customers"));
    const r = await api("/api/games", { key: sessionStorage.getItem("crmsim-game-setup"), body });
    if (!r.ok) return say(r.data.error, "error");
    localStorage.setItem(KEYS.instructor, r.data.instructor_key);
    sessionStorage.setItem("crmsim-game-created", JSON.stringify(r.data));
    say("");
    instructorPage();
  });
  main.append(el("h2", { text: tr("new_game") }), form);
}

function signInForm(main) {
  const input = el("input", { id: "key-input", type: "password", autocomplete: "off" });
  const form = el("form", { class: "grid", id: "signin" },
    el("label", { for: "key-input", text: tr("instructor_key") }), input,
    el("span"), el("button", { class: "primary", id: "signin-btn", type: "submit", text: tr("sign_in") }));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    localStorage.setItem(KEYS.instructor, input.value.trim());
    instructorPage();
  });
  main.append(el("h2", { text: tr("instructor") }), form);
}

let consoleState = { rounds_run: null, busy: false, last: "" };

async function instructorPage() {
  const main = document.getElementById("main");
  const key = localStorage.getItem(KEYS.instructor);
  if (!key) {
    main.replaceChildren();
    if (sessionStorage.getItem("crmsim-game-setup")) await setupForm(main);
    signInForm(main);
    return;
  }
  const r = await api("/api/instructor", { key });
  if (!r.ok) {
    say(r.data.error, "error");
    if (r.status === 401 || r.status === 403) { localStorage.removeItem(KEYS.instructor); consoleState.rounds_run = null; instructorPage(); }
    return;
  }
  const v = r.data;
  if (!localStorage.getItem("crmsim-game-lang") && LANG !== v.game.lang) setLanguage(v.game.lang);
  renderConsole(v, key);
}

function renderConsole(v, key) {
  const main = document.getElementById("main");
  const created = sessionStorage.getItem("crmsim-game-created");
  const scroll = window.scrollY;
  main.replaceChildren();
  if (created) {
    const c = JSON.parse(created);
    main.append(el("h2", { text: tr("instructor_key") }),
      el("p", {}, el("span", { class: "secret", id: "instructor-key-out", text: c.instructor_key })),
      el("p", { class: "note", text: tr("keep_safe") }));
  }
  const g = v.game;
  const head = g.finished ? tr("game_over") : tr("round_of", { n: g.round, total: g.rounds });
  const run = el("button", { class: "primary", id: "run-btn", type: "button",
    text: g.finished ? tr("game_over") : (consoleState.busy || g.running ? tr("running") : tr("run_round", { n: g.round })) });
  run.disabled = g.finished || g.running || consoleState.busy;
  run.addEventListener("click", async () => {
    consoleState.busy = true; run.disabled = true; run.textContent = tr("running");
    const res = await api("/api/instructor/run", { key, body: { round: g.round } });
    consoleState.busy = false;
    if (!res.ok) say(res.data.error, "error"); else say(tr("round_n", { n: res.data.rounds_run }) + " ✓", "ok");
    instructorPage();
  });
  const exp = el("button", { id: "export-btn", type: "button", text: tr("export") });
  exp.disabled = g.rounds_run === 0;
  exp.addEventListener("click", async () => {
    const res = await api("/api/instructor/debrief.zip?lang=" + LANG, { key, blob: true });
    if (!res.ok) return say(res.data.error, "error");
    const a = el("a", { href: URL.createObjectURL(res.data), download: "game_" + g.id + "_debrief.zip" });
    document.body.append(a); a.click(); a.remove();
  });
  const out = el("button", { id: "signout-btn", type: "button", text: tr("sign_out") });
  out.addEventListener("click", () => { localStorage.removeItem(KEYS.instructor); sessionStorage.removeItem("crmsim-game-created"); instructorPage(); });
  main.append(el("h2", { id: "status", text: head }), el("p", { class: "cols" }, run, exp, out));

  // all teams side by side: one column per team
  const teams = v.teams;
  const cell = (f) => teams.map(f);
  const rows = [
    [tr("join_code"), ...cell((t) => t.kind === "computer" ? tr("computer") : (t.join_code || ""))],
    [tr("joined"), ...cell((t) => t.kind === "computer" ? tr("computer") : (t.joined ? tr("joined") : tr("not_joined")))],
    [tr("submitted"), ...cell((t) => t.kind === "computer" ? "–" : (t.submitted ? tr("submitted") : tr("not_submitted")))],
    ...DECISIONS.map((d) => [tr(d), ...cell((t) => d.endsWith("_budget") ? money(t.decisions[d]) : String(t.decisions[d]))]),
  ];
  if (teams.some((t) => t.report)) {
    rows.push(
      [tr("customers"), ...cell((t) => t.report ? String(t.report.customers) : "–")],
      [tr("retention"), ...cell((t) => t.report ? pct(t.report.retention) : "–")],
      [tr("satisfaction"), ...cell((t) => t.report ? num(t.report.satisfaction, 3) : "–")],
      [tr("market_share"), ...cell((t) => t.report ? pct(t.report.market_share) : "–")],
      [tr("profit"), ...cell((t) => t.report ? money(t.report.profit) : "–")],
      [tr("cumulative_profit"), ...cell((t) => t.report ? money(t.report.cumulative_profit) : "–")],
      [tr("customer_equity"), ...cell((t) => t.report ? money(t.report.customer_equity) : "–")],
    );
  }
  main.append(el("h2", { text: tr("side_by_side") }), table(["", ...teams.map(firmName)], rows, "teams"));
  const codes = el("div", { id: "codes" });
  for (const t of teams.filter((x) => x.kind === "student")) {
    const b = el("button", { type: "button", text: tr("new_code") });
    b.addEventListener("click", async () => {
      const res = await api("/api/instructor/join-code", { key, body: { slot: t.slot } });
      if (!res.ok) return say(res.data.error, "error");
      instructorPage();
    });
    codes.append(el("p", {}, t.name + ": ", el("span", { class: "secret", text: t.join_code }), " ", b));
  }
  main.append(el("h2", { text: tr("join_codes") }), codes);
  if (v.leaderboard.length) {
    main.append(el("h2", { text: tr("leaderboard") }), leaderboardTable(v.leaderboard));
    const img = el("img", { id: "market-figure", class: "figure", alt: tr("market_figure") });
    main.append(el("h2", { text: tr("market") }), img);
    showFigure(img, "/api/instructor/figure.png", key);
  }
  consoleState.rounds_run = g.rounds_run;
  consoleState.last = JSON.stringify(v);
  window.scrollTo(0, scroll);
}

// --- start ----------------------------------------------------------------------------------

async function start() {
  WORDS = (await api("/api/text")).data;
  if (!LANG) LANG = (navigator.language || "").toLowerCase().startsWith("zh") ? "zh" : "en";
  setLanguage(LANG);
  document.getElementById("lang-btn").addEventListener("click", () => {
    localStorage.setItem("crmsim-game-lang", LANG === "zh" ? "en" : "zh");
    location.reload();
  });
  if (page === "index") joinPage();
  else if (page === "team") {
    await teamPage();
    setInterval(teamPage, POLL_MS);
  } else if (page === "instructor") {
    fromFragment();
    await instructorPage();
    setInterval(async () => {
      // refresh while the console is open (who joined, who submitted), not mid-run
      const key = localStorage.getItem(KEYS.instructor);
      if (!key || consoleState.busy || document.activeElement?.tagName === "INPUT") return;
      const r = await api("/api/instructor", { key });
      if (r.ok && JSON.stringify(r.data) !== consoleState.last) renderConsole(r.data, key);
    }, POLL_MS);
  }
}

start();
