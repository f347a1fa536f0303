// What the person reads when something goes wrong, by the SDK's error code (docs/sdk-miniprogram.md#errors)
// and WeChat's errcode (docs/wechat-errors.md). The developer's message goes to the console.
const byErrcode = {
  [-1]: '微信繁忙，请稍后重试。',
  40029: '登录凭证已失效，请重试。',
  40163: '登录凭证已失效，请重试。',
  42003: '登录凭证已失效，请重试。',
  40226: '微信未允许此次登录，请换一种方式登录。',
  45011: '操作太频繁，请一分钟后再试。',
};

const byCode = {
  phone_denied: '你没有授权手机号。可以仅用微信登录。',
  phone_unavailable: '暂时无法获取手机号。可以仅用微信登录。',
  network_error: '网络异常，请检查网络后重试。',
  wx_login_failed: '微信登录失败，请检查网络后重试。',
  temporarily_unavailable: '微信繁忙，请稍后重试。',
  server_error: '登录服务暂不可用，请联系网站管理员。',
  invalid_client: '登录服务配置有误，请联系网站管理员。',
  unauthorized_client: '登录服务配置有误，请联系网站管理员。',
  slow_down: '操作太频繁，请稍后再试。',
};

// `ended`: what to say when the code or ticket itself is no longer usable (unknown, expired, used).
function messageOf(error, ended) {
  if (error && error.errcode !== undefined && byErrcode[error.errcode]) return byErrcode[error.errcode];
  // The account step's own reason is for the developer (the console); the person reads what to do.
  if (error && error.code === 'refused') return '这个微信无法登录此应用。请换一种方式登录，或联系网站管理员。';
  if (error && error.code === 'invalid_grant') return ended;
  return (error && byCode[error.code]) || '登录失败，请重试。';
}

module.exports = { messageOf };
