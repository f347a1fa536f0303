// Flow 3 (docs/logins.md#3-mini-program-code-on-pc-mp-qr): a computer's WeGate login page shows a
// mini program code whose scene is its login ticket; scanning it opens this page. The page tells
// WeGate it was opened (the computer then says so), shows which application is asking, and signs the
// computer in when the person confirms, with their phone number if they allow it.
// A page built with Component (WeChat's "使用 Component 构造器构造页面"), so miniprogram-simulate can run it.
const { createClient, sceneOf } = require('@wegate/miniprogram');
const { issuer } = require('../../config.js');
const confirmBehavior = require('../../behaviors/confirm.js');

Component({
  behaviors: [confirmBehavior({ ended: '这个二维码已失效。请在电脑上刷新登录页面，再扫一次。' })],
  data: { state: 'loading', application: '', error: '' },

  methods: {
    onLoad(query) {
      this.wegate = createClient({ issuer });
      this.scene = sceneOf(query);
      if (!this.scene) {
        return this.setData({ state: 'ended', error: '请用微信扫描电脑登录页面上的小程序码。' });
      }
      return this.wegate.scan(this.scene).then(
        ({ application }) => this.setData({ state: 'ready', application }),
        error => this.fail(error, 'ended'));
    },

    send(options) {
      return this.wegate.confirmScan(this.scene, options).then(() => ({}));
    },
  },
});
