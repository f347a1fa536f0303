// pages/account/index.js
import { createClient, WeGateError } from '@wegate/miniprogram';
import { issuer } from '../../config.js';

const wegate = createClient({ issuer, clientId: 'mini-app', scope: 'openid profile phone' });

Page({
  data: { user: null, error: '' },

  // wx.login needs no tap, so the person is signed in as the page opens.
  onLoad() {
    return this.run(async () => {
      if (!wegate.isLoggedIn()) await this.signedIn(await wegate.login());
      else this.setData({ user: await wegate.getUser() });
    });
  },

  // <button open-type="getPhoneNumber" bindgetphonenumber="signInWithPhone">手机号登录</button>
  signInWithPhone(event) {
    return this.run(async () => this.signedIn(await wegate.loginWithPhone(event)));
  },

  // <button bindtap="signOut">退出登录</button>
  signOut() {
    return this.run(async () => {
      await wegate.logout();
      this.setData({ user: null });
    });
  },

  async signedIn(result) {
    if (result.status === 'interaction_required') {
      // The person picks or links an account on WeGate's page, in a <web-view>.
      const url = result.authorizationUrl({ redirectUri: 'https://shop.example.com/wegate-return' });
      return wx.navigateTo({ url: `/pages/web/index?url=${encodeURIComponent(url)}` });
    }
    this.setData({ user: await wegate.getUser(), error: '' });
  },

  async run(step) {
    try {
      await step();
    } catch (error) {
      if (!(error instanceof WeGateError)) throw error;
      // error.code decides (phone_denied, invalid_grant, temporarily_unavailable …);
      // error.message says what to fix.
      this.setData({ error: error.code === 'phone_denied' ? '未授权手机号，可直接登录' : '登录失败，请重试' });
      console.warn(error.message);
    }
  },
});
