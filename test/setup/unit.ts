// A unit test answers within seconds; a hung one should fail fast.
jest.setTimeout(20_000);
