/** One jest run, three projects: unit (nock), engine (real n8n engine) and e2e (real n8n servers). */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.dev.json', diagnostics: { warnOnly: false } }];

const project = (name, extra = {}) => ({
	displayName: name,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
	...extra,
});

module.exports = {
	projects: [
		project('unit'),
		project('engine', { testTimeout: 120_000 }),
		project('e2e', { testTimeout: 600_000 }),
	],
};
