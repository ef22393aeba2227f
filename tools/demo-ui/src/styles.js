// The one stylesheet of every sample (Express, Nest, Next, Better Auth). Contrast: body text
// #1a1a1a and links #0b57d0 on white, buttons #1a1a1a on #ffa41c (all above WCAG AA 4.5:1);
// every focusable thing gets a visible 3px outline.

export const STYLESHEET = `
*,*::before,*::after{box-sizing:border-box}
html{color-scheme:light}
body{margin:0;background:#f6f7f8;color:#1a1a1a;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:1}
.skip:focus{left:1rem}
.site{background:#232f3e;color:#fff}
.site-inner{max-width:46rem;margin:0 auto;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}
.brand{font-weight:700;color:#fff;text-decoration:none}
.brand span{color:#ffa41c}
.site nav{margin-left:auto;display:flex;gap:1.25rem}
.site nav a{color:#fff}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.25rem 0 .75rem}
h2{font-size:1.25rem;margin:.25rem 0 .75rem}
h3{font-size:1.05rem;margin:1rem 0 .5rem}
a{color:#0b57d0}
.card{background:#fff;border:1px solid #d5d9d9;border-radius:8px;padding:1.25rem 1.5rem;margin:1rem 0}
.card > div > :first-child{margin-top:0}
.button{display:inline-block;background:#ffa41c;color:#1a1a1a;border:1px solid #c77700;border-radius:8px;padding:.55rem 1.1rem;font:inherit;font-weight:600;line-height:1.4;text-decoration:none;cursor:pointer}
.button:hover{background:#fa8900}
.button.secondary{background:#fff;border-color:#888c8c}
.button.secondary:hover{background:#f0f2f2}
form.inline{display:inline;margin:0}
:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.button:focus-visible{outline-color:#1a1a1a}
.site a:focus-visible{outline-color:#ffa41c}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0;overflow-wrap:anywhere}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
code{background:#f0f2f2;border-radius:4px;padding:0 .25rem}
pre{background:#f0f2f2;border-radius:6px;padding:.75rem;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}
pre code{background:none;padding:0}
ol.playlists{margin:.25rem 0 1rem;padding-left:2rem}
.pager,.actions{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:1rem 0 0}
.notice{border-left:4px solid #b12704;background:#fff4f2;padding:.75rem 1rem;border-radius:4px;margin:0 0 1rem}
.muted{color:#4a4f4f}
#pair{margin-top:1rem}
.user-code{font-size:2rem;letter-spacing:.35rem;font-weight:700;font-family:ui-monospace,Menlo,Consolas,monospace}
`
