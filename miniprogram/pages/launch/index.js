// Flow 7 (docs/oidc.md#app-launches-mini-program-app-mp): an app launched this page with
// WXLaunchMiniProgram and the path WeGate gave it, `pages/launch/index?ticket=…`. The person confirms;
// the page signs them in against the ticket and hands the app its answer back through WeChat with
// <button open-type="launchApp" app-parameter="…">, which the app redeems with the secret it kept.
// A page built with Component (WeChat's "使用 Component 构造器构造页面"), so miniprogram-simulate can run it.
const { createClient } = require('@wegate/miniprogram');
const { issuer } = require('../../config.js');
const confirmBehavior = require('../../behaviors/confirm.js');

Component({
  behaviors: [confirmBehavior({ ended: '这次登录已失效。请回到 App 重新发起登录。' })],
  data: { state: 'ready', error: '', appParameter: '' },

  methods: {
    onLoad(query) {
      this.wegate = createClient({ issuer });
      this.query = query || {};
      if (!this.query.ticket) this.setData({ state: 'ended', error: '请从 App 中发起登录。' });
    },

    send(options) {
      return this.wegate.confirmAppLaunch(this.query, options);
    },

    // launchApp works only when this page was opened by an app (scene 1069); otherwise say what to do.
    launchFailed(event) {
      console.warn('launchApp failed', event && event.detail);
      this.setData({ error: '无法自动返回 App，请手动切换回 App。' });
    },
  },
});
