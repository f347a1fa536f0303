namespace WeGate.Server.Console;

// The console's stylesheet, inline (the CSP allows inline styles and no other source). The login page's
// palette: #067a3e for actions, #1f2328 on #f5f6f7 and white; on a phone the header wraps and wide
// tables scroll inside their box.
internal static class ConsoleStyle
{
    public const string Css = """
        :root{--brand:#067a3e;--ink:#1f2328;--muted:#57606a;--line:#d0d7de}
        body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f6f7;color:var(--ink);font-size:15px}
        header{background:#fff;border-bottom:1px solid var(--line)}
        .bar{max-width:1100px;margin:0 auto;padding:10px 20px;display:flex;flex-wrap:wrap;align-items:center;gap:8px 20px}
        .brand{font-weight:600;font-size:17px;color:var(--ink);text-decoration:none}
        nav{display:flex;flex-wrap:wrap;gap:4px;flex:1}
        nav a{padding:6px 10px;border-radius:6px;color:var(--ink);text-decoration:none}
        nav a[aria-current]{background:#e9f6ef;color:#05612f;font-weight:600}
        .who{display:flex;align-items:center;gap:8px;font-size:14px;color:var(--muted)}
        .who form{display:inline}.who a[data-admin]{color:var(--muted)}.who a[aria-current]{font-weight:600;color:#05612f}
        .role{background:#eef1f4;color:var(--ink);border-radius:10px;padding:1px 8px;font-size:12px}
        .lang{font-size:14px;margin-left:auto}
        main{max-width:1100px;margin:24px auto;padding:0 20px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
        p.sub{color:var(--muted);margin:0 0 20px}
        .card{background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.08);padding:20px;margin-bottom:20px}
        .card>h2:first-child,.card>p:first-child{margin-top:0}
        .narrow{max-width:420px;margin:48px auto}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;background:#fff}
        th,td{text-align:left;padding:8px 10px;border-bottom:1px solid #eaeef2;vertical-align:top}
        th{font-size:13px;color:var(--muted);font-weight:600;white-space:nowrap}
        td code{font-size:13px}
        time,table.log td,td.links{white-space:nowrap}
        table.log{font-size:13px}
        .csv{margin-left:16px}
        label{display:block;font-size:14px;margin:14px 0 6px}
        input,select,textarea{width:100%;box-sizing:border-box;padding:9px 10px;font-size:15px;border:1px solid var(--line);border-radius:8px;font-family:inherit;background:#fff}
        textarea{min-height:80px}
        .hint{color:var(--muted);font-size:13px;margin:4px 0 0}
        .row{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
        .row>div{flex:1;min-width:150px;max-width:460px}
        button{margin-top:16px;padding:9px 16px;font-size:15px;border:0;border-radius:8px;background:var(--brand);color:#fff;cursor:pointer}
        button.secondary{background:#fff;color:var(--ink);border:1px solid var(--line)}
        button.link{margin:0;padding:0;background:none;color:#0a58ca;font-size:14px;text-decoration:underline}
        a{color:#0a58ca}:focus-visible{outline:3px solid #0a58ca;outline-offset:2px}
        .notice{background:#e9f6ef;color:#05612f;padding:10px 12px;border-radius:8px;margin-bottom:12px}
        .error{background:#fff1f0;color:#a8071a;padding:10px 12px;border-radius:8px;margin-bottom:12px;overflow-wrap:anywhere}
        .secret{font-size:15px;background:#fffbe6;border:1px solid #e9c46a;padding:10px;border-radius:8px;word-break:break-all}
        .state{border-radius:10px;padding:1px 8px;font-size:12px;background:#eef1f4}
        .state.active,.state.success{background:#e9f6ef;color:#05612f}.state.failure{background:#fff1f0;color:#a8071a}
        .pager{display:flex;gap:16px;margin-top:12px}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:6px 20px;margin:0}dt{color:var(--muted);font-size:14px}dd{margin:0;overflow-wrap:anywhere}
        button.small{margin:0;padding:4px 10px;font-size:13px}.nowrap{white-space:nowrap}td.wrap{overflow-wrap:anywhere}.cancel{margin-left:16px}.pair{display:grid;grid-template-columns:1fr 1fr;gap:20px}.pair>div{min-width:0}
        .period{flex:none;margin:0 0 16px}.period a{border:1px solid var(--line);background:#fff}
        .tiles{display:grid;grid-template-columns:repeat(3,1fr);gap:12px;margin-bottom:20px}.tile{background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.08);padding:14px 16px;color:var(--muted);font-size:14px}
        .tile .big{display:block;font-size:26px;font-weight:600;color:var(--ink)}
        svg.chart{width:100%;height:auto;display:block}.chart-narrow{display:none}.legend{list-style:none;padding:0;margin:8px 0 0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:13px}
        .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px}details{margin-top:10px}summary{cursor:pointer;color:#0a58ca;font-size:14px}
        ul.attention{margin:0;padding-left:20px}ul.attention li{margin:4px 0}table.reasons td.num{text-align:right;width:4em}td.barcell{width:40%}
        .hbar{display:block;height:10px;border-radius:2px;background:#cf222e}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
        pre.snippet{background:#f6f8fa;border:1px solid #eaeef2;border-radius:8px;padding:12px;overflow-x:auto;font-size:13px;margin:8px 0}pre.claims{white-space:pre-wrap;overflow-wrap:anywhere}
        ul.types{list-style:none;padding:0;margin:12px 0 0;display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:10px}ul.types li{border:1px solid var(--line);border-radius:8px;padding:10px 12px}ul.types .hint{display:block}
        form.inline{display:inline-flex;flex-wrap:wrap;align-items:center;gap:6px;margin:0 12px 6px 0}form.inline select{width:auto;padding:4px 8px;font-size:13px}
        label.tick{display:inline-flex;align-items:center;gap:4px;margin:0;font-size:13px}label.tick input{width:auto}button.danger{background:#a8071a}
        .field-error{margin:6px 0 0;padding:6px 10px;font-size:13px}input[aria-invalid]{border-color:#a8071a}
        @media (max-width:640px){main{padding:0 12px}.card{padding:14px}.bar{gap:6px 12px;padding:10px 12px}.lang{order:1;margin-left:auto}.who{order:2;width:100%}nav{order:3;flex:none;width:100%}
        table.stack thead{display:none}table.stack tr{display:block;padding:8px 0;border-bottom:1px solid #eaeef2}table.stack td{display:block;border:0;padding:2px 0;overflow-wrap:anywhere}
        .pair{grid-template-columns:1fr}.chart-wide{display:none}.chart-narrow{display:block}.tiles{gap:8px}.tile{padding:10px}.tile .big{font-size:20px}dl.facts{grid-template-columns:1fr;gap:0}dd{margin-bottom:8px}}
        """;
}
