/**
 * One jest configuration, three projects: unit (nock and the simulator), engine (the real n8n engine in-process,
 * run by `npm run test:engine` on Node 24) and e2e (real n8n servers). Jest ignores `testTimeout` inside a project,
 * so each project's time budget is set by its setup file.
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.dev.json', diagnostics: { warnOnly: false } }];

const project = (name) => ({
	displayName: name,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
	setupFilesAfterEnv: [`<rootDir>/test/setup/${name}.ts`],
});

module.exports = { projects: [project('unit'), project('engine'), project('e2e')] };
