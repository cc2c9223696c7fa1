// Child-process helper: prints a seeded pool of fake people and product names as JSON.
// @faker-js/faker 10 is ESM-only and jest's CommonJS runtime cannot load it, so the simulator asks plain Node
// for this pool (same output under tsx, jest and node) and derives everything else from its own seeded PRNG.
import { Faker, base, en, en_US } from '@faker-js/faker';

const COUNTRIES = [
	['Canada', 'CA'],
	['United Kingdom', 'GB'],
	['Australia', 'AU'],
	['Germany', 'DE'],
	['France', 'FR'],
	['Netherlands', 'NL'],
	['Ireland', 'IE'],
	['New Zealand', 'NZ'],
];

const seed = Number(process.argv[2] ?? 1);
const people = Number(process.argv[3] ?? 100);
const products = Number(process.argv[4] ?? 40);
const faker = new Faker({ locale: [en_US, en, base] });
faker.seed(seed);

const out = { people: [], products: [], companies: [] };
for (let i = 0; i < people; i++) {
	const first = faker.person.firstName();
	const last = faker.person.lastName();
	const us = faker.number.float() < 0.75;
	const [countryName, countryCode] = us ? ['United States', 'US'] : faker.helpers.arrayElement(COUNTRIES);
	out.people.push({
		first_name: first,
		last_name: last,
		email: faker.internet.email({ firstName: first, lastName: last }).toLowerCase(),
		phone: faker.phone.number({ style: 'national' }).replace(/\D/g, ''),
		street: faker.location.streetAddress(),
		city: faker.location.city(),
		state: us ? faker.location.state({ abbreviated: true }) : null,
		region: us ? null : faker.location.state(),
		postal_code: us ? faker.location.zipCode('#####') : faker.location.zipCode(),
		country: countryName,
		country_code: countryCode,
		ip: faker.internet.ipv4(),
		company: faker.company.name(),
	});
}
for (let i = 0; i < products; i++) {
	out.products.push({ name: faker.commerce.productName(), description: faker.commerce.productDescription() });
}
process.stdout.write(JSON.stringify(out));
