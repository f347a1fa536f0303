// The confirm buttons both pages show, 手机号快捷登录 and 仅用微信登录, and what happens after a tap:
// the page's send(options) asks WeGate (options.phoneEvent is the getPhoneNumber event, if any), and an
// error either lets the person tap again or, when the code or ticket can no longer sign anyone in,
// ends the page with `ended`.
const { messageOf } = require('../utils/messages.js');

module.exports = function confirmBehavior({ ended }) {
  return Behavior({
    methods: {
      // <button open-type="getPhoneNumber" bindgetphonenumber="confirmWithPhone">
      confirmWithPhone(event) {
        return this.confirm({ phoneEvent: event });
      },

      // <button bindtap="confirmWithoutPhone">
      confirmWithoutPhone() {
        return this.confirm({});
      },

      confirm(options) {
        if (this.data.state !== 'ready') return Promise.resolve();
        this.setData({ state: 'confirming', error: '' });
        return this.send(options).then(
          result => this.setData(Object.assign({ state: 'done' }, result)),
          error => this.fail(error, 'ready'));
      },

      fail(error, state) {
        console.warn(error && error.message);
        const gone = error && (error.code === 'invalid_grant' || error.code === 'refused') && error.errcode === undefined;
        this.setData({ state: gone ? 'ended' : state, error: messageOf(error, ended) });
      },
    },
  });
};
