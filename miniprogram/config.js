// Your WeGate pool's issuer: the address of WeGate that this mini program's request domains
// (request合法域名) allow, followed by /pools/{pool}.
module.exports = {
  issuer: 'https://id.example.com/pools/default',
};
