// n8n loads this package through the `n8n` attribute of package.json (dist/ paths), not through an entry point,
// so this file is not published. Requiring it from the repository lists what the package ships.
const { n8n } = require('./package.json');

module.exports = { credentials: n8n.credentials, nodes: n8n.nodes };
