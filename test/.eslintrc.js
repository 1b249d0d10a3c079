// The test harness runs from source, never from a production build, so
// __dirname is reliable here.
module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: { 'no-restricted-syntax': 'off' },
});
