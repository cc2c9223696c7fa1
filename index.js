// n8n loads this package through the `n8n` attribute of package.json; this entry only lists what ships.
module.exports = {};
