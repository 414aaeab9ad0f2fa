"""The demo page: one HTML shell, its style and its script. No build step, no fonts or scripts from elsewhere.

The server renders every message, modal and Home tab to escaped HTML; the script only places that HTML,
keeps who you are acting as, and turns clicks, choices and submits into calls to the page's API (which
sends the bot the payloads Slack would)."""

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ML Hiring · demo workspace</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body>
<div class="app">
  <aside class="side">
    <div class="team">Demo workspace</div>
    <label class="who">Acting as <select id="who" aria-label="Acting as"></select></label>
    <nav id="sidebar"></nav>
    <div class="clock">
      <div class="now" id="clock"></div>
      <div class="due" id="due"></div>
      <div class="steps">
        <button class="btn" data-clock="hour">+1 hour</button>
        <button class="btn" data-clock="day">+1 day</button>
        <button class="btn" data-clock="next">Next reminder</button>
      </div>
      <div class="clock-note" id="clock-note" role="status"></div>
    </div>
    <div class="tour">
      <button class="btn" id="tour-step">Tour: next step</button>
      <div id="tour-lines" class="tour-lines" aria-live="polite"></div>
    </div>
  </aside>
  <main class="main">
    <header class="top"><h2 id="title"></h2></header>
    <section id="messages" class="messages" aria-live="polite"></section>
    <form id="composer" class="composer" autocomplete="off">
      <input id="say" name="say" placeholder="Type /ml-req, /ml-candidate, /ml-onboard or /ml-report" aria-label="Message">
      <button class="btn primary" type="submit">Send</button>
    </form>
    <div id="refusals" class="refusals" role="alert"></div>
  </main>
</div>
<div id="overlay" class="overlay" hidden></div>
<div id="confirm" class="overlay" hidden>
  <div class="modal confirm"><div class="modal-title" id="confirm-title"></div>
  <div class="modal-body" id="confirm-text"></div>
  <div class="modal-foot"><button class="btn" id="confirm-no"></button><button class="btn primary" id="confirm-yes"></button></div></div>
</div>
</body>
</html>
"""

STYLE = """
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.46 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1d1c1d; }
.app { display: grid; grid-template-columns: 280px 1fr; height: 100vh; overflow: hidden; }
.side, .main { height: 100vh; min-height: 0; }
.side { background: #3f0e40; color: #e8dde8; padding: 12px; overflow-y: auto; display: flex; flex-direction: column; gap: 10px; }
.team { font-weight: 700; font-size: 18px; color: #fff; }
.who select { width: 100%; margin-top: 4px; }
.side h4 { margin: 8px 0 2px; font-size: 13px; text-transform: uppercase; opacity: .7; }
.nav { list-style: none; margin: 0; padding: 0; }
.nav a { display: block; color: #e8dde8; text-decoration: none; padding: 3px 8px; border-radius: 6px; }
.nav a[aria-current] { background: #1164a3; color: #fff; }
.clock { margin-top: auto; background: rgba(255,255,255,.08); border-radius: 8px; padding: 8px; }
.clock .now { font-weight: 700; color: #fff; }
.clock .due, .clock-note { font-size: 12px; opacity: .85; }
.steps { display: flex; gap: 4px; flex-wrap: wrap; margin: 6px 0; }
.main { display: flex; flex-direction: column; min-width: 0; }
.top { border-bottom: 1px solid #ddd; padding: 8px 16px; }
.top h2 { margin: 0; font-size: 18px; }
.messages { flex: 1; overflow-y: auto; padding: 8px 16px; }
.msg { padding: 6px 0; border-bottom: 1px solid #f3f3f3; }
.msg header { font-size: 14px; } .when { color: #616061; font-size: 12px; }
.msg.ephemeral { background: #f8f8f8; padding: 6px; border-left: 3px solid #1264a3; }
.only-you { font-size: 12px; color: #616061; }
.thread { margin-left: 24px; border-left: 2px solid #e0e0e0; padding-left: 10px; }
.composer { display: flex; gap: 8px; padding: 10px 16px; border-top: 1px solid #ddd; }
.composer input { flex: 1; padding: 8px; font-size: 15px; }
.refusals { color: #8b0000; font-size: 13px; padding: 0 16px 8px; white-space: pre-wrap; }
.btn { border: 1px solid #bbb; background: #fff; border-radius: 4px; padding: 4px 10px; cursor: pointer; font: inherit; font-size: 14px; margin: 2px 4px 2px 0; }
.btn.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.btn.danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
.b-header { margin: 6px 0; font-size: 17px; }
.b-section { display: flex; gap: 12px; justify-content: space-between; margin: 4px 0; }
.b-fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; margin-top: 4px; }
.b-context { font-size: 12px; color: #616061; margin: 4px 0; }
.b-context span { margin-right: 8px; }
.b-divider { border: 0; border-top: 1px solid #e0e0e0; }
.b-actions { margin: 4px 0; display: flex; flex-wrap: wrap; align-items: center; gap: 4px; }
.b-image img, .file img { max-width: 100%; max-height: 420px; border: 1px solid #ddd; border-radius: 4px; }
.thumb { width: 48px; height: 48px; }
.mention { background: #e8f5fa; color: #1264a3; border-radius: 3px; padding: 0 2px; }
code { background: #f6f6f6; border: 1px solid #ddd; border-radius: 3px; padding: 0 3px; color: #c01343; }
pre { background: #f6f6f6; border: 1px solid #ddd; padding: 6px; white-space: pre-wrap; }
.overflow { display: inline-block; position: relative; }
.overflow summary { list-style: none; cursor: pointer; border: 1px solid #bbb; border-radius: 4px; padding: 0 8px; }
.overflow .menu { position: absolute; right: 0; background: #fff; border: 1px solid #ccc; z-index: 5; display: flex; flex-direction: column; }
.menu-item { border: 0; background: none; text-align: left; padding: 4px 12px; cursor: pointer; }
.overlay { position: fixed; inset: 0; background: rgba(0,0,0,.45); display: flex; align-items: flex-start; justify-content: center; padding-top: 5vh; z-index: 10; }
.overlay[hidden] { display: none; }
.modal { background: #fff; width: min(620px, 94vw); max-height: 88vh; border-radius: 8px; display: flex; flex-direction: column; }
.modal-title { font-weight: 700; font-size: 20px; padding: 14px 18px; border-bottom: 1px solid #ddd; }
.modal-body { padding: 10px 18px; overflow-y: auto; }
.modal-foot { padding: 10px 18px; border-top: 1px solid #ddd; display: flex; justify-content: flex-end; }
.b-input { margin: 10px 0; }
.b-input .label { display: block; font-weight: 700; margin-bottom: 4px; }
.b-input input[type=text], .b-input input[type=number], .b-input input[type=email], .b-input input[type=url],
.b-input textarea, .b-input select { width: 100%; padding: 6px; font: inherit; }
.b-input select[multiple] { min-height: 6em; }
.b-input textarea { min-height: 5em; }
.optional { font-weight: 400; color: #616061; }
.hint { font-size: 12px; color: #616061; }
.has-error input, .has-error select, .has-error textarea { border: 2px solid #e01e5a; }
.error { color: #e01e5a; font-size: 13px; margin-top: 3px; }
.toggle { display: block; font-weight: 400; }
.unsupported { color: #8b0000; }
.empty { color: #616061; }
.tour { font-size: 12px; }
.tour-lines { padding-left: 4px; margin: 4px 0; max-height: 180px; overflow-y: auto; }
"""

SCRIPT = r"""
"use strict";
const $ = (id) => document.getElementById(id);
let me = localStorage.getItem("me") || "";
let at = localStorage.getItem("at") || "C0MLHIRING";

async function api(path, body) {
  const r = await fetch("/api/" + path, {method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify(Object.assign({as: me}, body || {}))});
  return r.json();
}

async function load() {
  const r = await fetch(`/api/state?as=${encodeURIComponent(me)}&at=${encodeURIComponent(at)}`);
  const s = await r.json();
  me = s.me; localStorage.setItem("me", me);
  const who = $("who");
  if (!who.options.length) {
    for (const p of s.people) { const o = document.createElement("option"); o.value = p.id; o.textContent = p.label; who.append(o); }
  }
  who.value = me;
  $("sidebar").innerHTML = s.sidebar;
  $("title").textContent = s.title;
  $("messages").innerHTML = s.main;
  $("messages").scrollTop = $("messages").scrollHeight;
  $("clock").textContent = s.clock;
  $("due").textContent = s.next_due ? "Next reminder: " + s.next_due : "No reminder waiting";
  $("refusals").textContent = s.refusals.length ? "Slack refused: " + s.refusals.join("\n") : "";
  const overlay = $("overlay");
  // like Slack, a modal shown again (inline errors, an update) keeps what the person has entered
  const keep = s.modal && overlay.dataset.viewId === s.modal.id ? formValues(overlay) : null;
  if (s.modal) {
    overlay.innerHTML = s.modal.html; overlay.hidden = false; overlay.dataset.viewId = s.modal.id;
    if (keep) restore(overlay, keep);
  }
  else { overlay.innerHTML = ""; overlay.hidden = true; delete overlay.dataset.viewId; }
  document.body.dataset.ready = "1";
}

function formValues(root) {
  const values = {};
  if (!root) return values;
  for (const block of root.querySelectorAll(".b-input[data-block-id]")) {
    const id = block.dataset.blockId;
    const el = block.querySelector("[data-kind]");
    if (!el) continue;
    const kind = el.dataset.kind;
    if (kind === "checkboxes") {
      values[id] = [...block.querySelectorAll("input:checked")].map((x) => x.value);
    } else if (kind === "radio_buttons") {
      const c = block.querySelector("input:checked"); if (c) values[id] = c.value;
    } else if (el.multiple) {
      values[id] = [...el.selectedOptions].map((o) => o.value);
    } else if (el.value !== "") {
      values[id] = el.value;
    }
  }
  return values;
}

function restore(root, values) {
  for (const [id, v] of Object.entries(values)) {
    const block = root.querySelector(`.b-input[data-block-id="${CSS.escape(id)}"]`);
    const el = block && block.querySelector("[data-kind]");
    if (!el) continue;
    if (el.dataset.kind === "checkboxes" || el.dataset.kind === "radio_buttons") {
      const want = Array.isArray(v) ? v : [v];
      for (const box of block.querySelectorAll("input")) box.checked = want.includes(box.value);
    } else if (el.multiple) {
      for (const o of el.options) o.selected = v.includes(o.value);
    } else {
      el.value = v;
    }
  }
}

function ask(confirm) {
  return new Promise((resolve) => {
    const box = $("confirm");
    $("confirm-title").textContent = confirm.title; $("confirm-text").textContent = confirm.text;
    $("confirm-yes").textContent = confirm.confirm; $("confirm-no").textContent = confirm.deny;
    box.hidden = false;
    $("confirm-yes").onclick = () => { box.hidden = true; resolve(true); };
    $("confirm-no").onclick = () => { box.hidden = true; resolve(false); };
  });
}

async function act(el, value, text) {
  const source = el.closest("[data-source]");
  if (!source) return;
  if (el.dataset.confirm && !(await ask(JSON.parse(el.dataset.confirm)))) return;
  const modal = el.closest(".modal");
  await api("action", {source: source.dataset.source, values: formValues(modal),
    action: {type: el.dataset.kind, action_id: el.dataset.actionId, block_id: el.dataset.blockId, value: value, text: text}});
  await load();
}

document.addEventListener("click", async (ev) => {
  const t = ev.target.closest("button, a");
  if (!t) return;
  if (t.dataset.goto) {
    ev.preventDefault(); at = t.dataset.goto; localStorage.setItem("at", at);
    if (at === "home") await api("home");
    return load();
  }
  if (t.dataset.clock) { const r = await api("clock", {step: t.dataset.clock}); $("clock-note").textContent = r.note || ""; return load(); }
  if (t.dataset.submit) {
    const overlay = $("overlay");
    await api("submit", {view_id: overlay.dataset.viewId, values: formValues(overlay)});
    return load();
  }
  if (t.dataset.close) { await api("close", {view_id: $("overlay").dataset.viewId}); return load(); }
  if (t.dataset.kind === "button" || t.dataset.kind === "overflow") {
    ev.preventDefault();
    if (t.dataset.url && t.dataset.kind === "button") window.open(t.dataset.url, "_blank", "noopener");
    return act(t, t.dataset.value, t.textContent);
  }
});

document.addEventListener("change", (ev) => {
  const el = ev.target.closest("[data-kind]");
  if (!el || el.dataset.kind === "button") return;
  const input = el.closest(".b-input");
  if (input && !input.dataset.dispatch) return;  // a form field: read when the modal is submitted
  const value = el.multiple ? [...el.selectedOptions].map((o) => o.value) : el.value;
  const text = el.selectedOptions && el.selectedOptions[0] ? el.selectedOptions[0].textContent : undefined;
  act(el, value, text);
});

document.addEventListener("DOMContentLoaded", () => {
  $("who").addEventListener("change", async (ev) => {
    me = ev.target.value; localStorage.setItem("me", me);
    if (at === "home") await api("home");  // the other person's own Home tab
    load();
  });
  $("tour-step").addEventListener("click", async () => {
    const r = await api("tour");
    for (const line of r.lines) {
      const div = document.createElement("div"); div.textContent = line.trim(); $("tour-lines").append(div);
    }
    $("tour-lines").scrollTop = $("tour-lines").scrollHeight;  // the newest line in view
    if (r.who) { me = r.who; localStorage.setItem("me", me); }
    if (r.at) { at = r.at; localStorage.setItem("at", at); }  // where the step's result is
    await load();
  });
  $("composer").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = $("say").value; $("say").value = "";
    await api("say", {at: at, text: text});
    await load();
  });
  load();
});
"""
