"""The CSS and JavaScript inlined into every HTML page (kept here so the page is one file)."""

CSS = """
:root{--fg:#1d2125;--muted:#5f6b76;--line:#dde2e7;--card:#fff;--bg:#f5f7f9;--accent:#1f5fbf;
--ok:#2f7d4f;--near:#b7791f;--low:#c0392b;--none:#9aa0a6;--hl:#fff3c4}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
main{max-width:880px;margin:0 auto;padding:20px 16px 48px}
h1{font-size:1.6rem;margin:.2em 0}h2{font-size:1.25rem;margin:1.6em 0 .6em}h3{font-size:1.05rem;margin:.2em 0 .6em}
.sub{color:var(--muted);margin:0 0 1em}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:12px 0}
.meta{display:flex;flex-wrap:wrap;gap:6px 18px;margin:0;padding:0;list-style:none;color:var(--muted);font-size:.92rem}
.meta b{color:var(--fg);font-weight:600}
.summary{display:flex;flex-wrap:wrap;gap:18px;align-items:center}
.overall{font-size:3rem;font-weight:700;line-height:1}.overall small{font-size:1rem;color:var(--muted);font-weight:400}
.rec{display:inline-block;padding:4px 12px;border-radius:999px;font-weight:600;color:#fff;background:var(--none);text-transform:capitalize}
.rec.strong-hire{background:var(--ok)}.rec.hire{background:#4f9a6a}.rec.no-hire{background:var(--near)}.rec.strong-no-hire{background:var(--low)}
.levelbar{border-left:4px solid var(--accent);padding:4px 12px;margin:12px 0 0;color:var(--fg)}
.levelbar p{margin:.2em 0}
svg.chart{width:100%;max-width:500px;height:auto;display:block;margin:8px 0}
svg.chart text{font:12px system-ui,sans-serif;fill:var(--fg)}
svg.chart .num{fill:var(--fg);font-size:12px;font-variant-numeric:tabular-nums}svg.chart .tick{fill:var(--muted);font-size:10px}
svg.chart .tick.cur{fill:var(--fg);font-weight:700}
svg.chart .track{fill:#e9edf1}svg.chart .bar{stroke:var(--fg);stroke-width:1.5;stroke-dasharray:3 2}
svg.chart .grid{stroke:#e3e7eb}
svg.trend{max-width:100%}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.85rem;color:var(--muted)}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
table{border-collapse:collapse;width:100%;font-size:.93rem}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted)}th.n,td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}
.sig{margin:14px 0 0}.sig h3{display:flex;justify-content:space-between;gap:10px;flex-wrap:wrap}
.sig h3 .n{font-weight:400;color:var(--muted);font-size:.92rem}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px;background:var(--none)}
.dot.ok{background:var(--ok)}.dot.near{background:var(--near)}.dot.low{background:var(--low)}
ul.ev,ul.plain{margin:.3em 0 .6em;padding-left:1.2em}ul.ev li,ul.plain li{margin:.25em 0}
a.quote{color:inherit;text-decoration:none;border-bottom:1px dotted var(--accent)}
a.quote:hover{background:var(--hl)}
.gap{color:var(--muted)}
.figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:10px}
.fig{border:1px solid var(--line);border-radius:8px;padding:8px 12px;background:#fbfcfd}
.fig .v{font-size:1.3rem;font-weight:650}.fig .v.t{font-size:1rem;font-weight:500}.fig .l{color:var(--muted);font-size:.85rem}
.fig .b{font-size:.8rem;color:var(--muted)}.fig.ok{border-left:4px solid var(--ok)}
.fig.warn{border-left:4px solid var(--near)}
.chip.ok{background:#e3f1e8;color:var(--ok)}.chip.warn{background:#fbefd9;color:#8a5a0f}
.chip{font-size:.75rem;padding:1px 7px;border-radius:999px;background:#eef1f4;color:var(--muted);margin-left:4px}
.turn{border-top:1px solid var(--line);padding:12px 0 4px}.turn:first-of-type{border-top:0}
.who{font-size:.78rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);font-weight:600}
.prompt p{margin:.2em 0 .5em;font-style:italic}
.aim{font-size:.85rem;color:var(--muted);margin:-.3em 0 .5em}
.prompt audio{height:32px}
audio{width:100%;max-width:520px;display:block;margin:6px 0}
.transcript p{margin:.35em 0;padding:2px 4px;border-radius:4px}
.transcript p:target{background:var(--hl)}
.transcript .now{background:var(--hl);border-radius:3px}
button.ts{font:inherit;font-size:.8rem;font-variant-numeric:tabular-nums;color:var(--accent);background:#eef3fb;
border:1px solid #cfdcf1;border-radius:5px;padding:0 6px;margin-right:6px;cursor:pointer;vertical-align:1px}
button.ts:hover{background:#dce8fa}
.notemark{white-space:nowrap;font-size:.75rem;background:#fdecc8;border-radius:4px;padding:0 5px;margin-left:4px;text-decoration:none;color:#7a5300}
ul.notes{list-style:none;padding:0;margin:.5em 0}
ul.notes li{background:#fff8e6;border:1px solid #f3dfa9;border-radius:6px;padding:6px 10px;margin:6px 0}
.coverage{background:#f7f9fb;border-radius:8px;padding:8px 12px;margin:10px 0 4px;font-size:.93rem}
.coverage h4{margin:.3em 0;font-size:.88rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.muted{color:var(--muted)}
footer{color:var(--muted);font-size:.82rem;margin-top:32px}
@media (max-width:600px){body{font-size:15px}main{padding:12px 10px 36px}.card{padding:12px}
.overall{font-size:2.4rem}h1{font-size:1.35rem}th,td{padding:5px 4px}}
@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}
audio,.noprint{display:none!important}.card{border:0;padding:0;margin:10px 0;break-inside:auto}
button.ts{border:0;background:none;padding:0;color:var(--muted)}
.turn,.sig,.fig,ul.notes li,svg.chart{break-inside:avoid}h2,h3{break-after:avoid}
a.quote{border:0}}
"""

# One listener for every seek link: a transcript timestamp, an evidence quote, a note. No inline
# handlers anywhere, so the page's CSP can forbid every script except this one (by hash).
JS = """
(function(){
"use strict";
function seek(id,t){var a=document.getElementById(id);if(!a)return;
try{a.currentTime=t;}catch(e){return;}
var p=a.play();if(p&&p.catch){p.catch(function(){});}}
document.addEventListener("click",function(ev){
var el=ev.target.closest?ev.target.closest("[data-seek]"):null;if(!el)return;
var t=parseFloat(el.getAttribute("data-seek"));if(isNaN(t))return;
if(el.tagName==="BUTTON"){ev.preventDefault();}
seek(el.getAttribute("data-audio"),t);});
var audios=document.querySelectorAll("audio[data-transcript]");
Array.prototype.forEach.call(audios,function(a){
var box=document.getElementById(a.getAttribute("data-transcript"));if(!box)return;
var spans=box.querySelectorAll("[data-s]");var last=null;
a.addEventListener("timeupdate",function(){var t=a.currentTime,cur=null;
for(var i=0;i<spans.length;i++){var s=+spans[i].getAttribute("data-s"),e=+spans[i].getAttribute("data-e");
if(t>=s&&t<e){cur=spans[i];}}
if(cur!==last){if(last)last.classList.remove("now");if(cur)cur.classList.add("now");last=cur;}});});
})();
"""
