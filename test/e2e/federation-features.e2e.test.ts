/**
 * Our gateway against plain @apollo/gateway, feature by feature of Federation 2, on small
 * supergraphs of their own (not the compliance schema). Each query runs through both gateways;
 * both answers must equal the answer written here from the fixtures, and ours must not make more
 * subgraph fetches than the plain gateway (counted at the subgraphs' HTTP handlers).
 *
 * General execution (mutations, variables, directives, errors, a subgraph down) is in
 * federation-execution.e2e.test.ts.
 */
import gql from 'graphql-tag';
import { errorCore, expectSame, startFederation, type Federation } from '../helpers/federation-fixtures';

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@requires", "@provides", "@external", "@override", "@interfaceObject", "@inaccessible"])`;

type Ref = Record<string, any>;

// ---------------------------------------------------------------------------------------------
// Entities: single key, multiple keys, compound key, nested key, lists with nulls
// ---------------------------------------------------------------------------------------------
describe('entities across subgraphs', () => {
  const PRODUCTS = [
    { id: 'p1', upc: 'u-100', name: 'Desk', description: 'Oak desk' },
    { id: 'p2', upc: 'u-200', name: 'Chair', description: null },
    { id: 'p3', upc: 'u-300', name: 'Lamp', description: 'Brass lamp' },
  ];
  const VARIANTS = [
    { id: 'v1', sku: 'red', color: 'Red' },
    { id: 'v1', sku: 'blue', color: 'Blue' },
    { id: 'v2', sku: 'red', color: 'Crimson' },
  ];
  const DOCUMENTS = [
    { id: 'd1', owner: { id: 'o1' }, title: 'Plan' },
    { id: 'd1', owner: { id: 'o2' }, title: 'Other plan' },
    { id: 'd2', owner: { id: 'o1' }, title: 'Memo' },
  ];
  // Inventory knows u-999, which the products subgraph does not.
  const STOCK: Record<string, number> = { 'u-100': 5, 'u-200': 0, 'u-300': 12, 'u-999': 7 };
  const IN_STOCK: Record<string, boolean> = { 'v1:red': true, 'v1:blue': false, 'v2:red': true };
  const PAGES: Record<string, number> = { 'd1:o1': 10, 'd1:o2': 3, 'd2:o1': 1 };
  const RATINGS: Record<string, number> = { p1: 4, p2: 2, p3: 5 };

  const products = {
    name: 'products',
    typeDefs: gql`
      ${LINK}
      type Product @key(fields: "id") @key(fields: "upc") {
        id: ID!
        upc: String!
        name: String!
        description: String
      }
      type Variant @key(fields: "id sku") {
        id: ID!
        sku: String!
        color: String!
      }
      type Owner @shareable {
        id: ID!
      }
      type Document @key(fields: "id owner { id }") {
        id: ID!
        owner: Owner!
        title: String!
      }
      type Query {
        products: [Product!]!
        productsByUpc(upcs: [String!]!): [Product]!
        variants: [Variant!]!
        documents: [Document!]!
      }
    `,
    resolvers: {
      Query: {
        products: () => PRODUCTS,
        productsByUpc: (_: unknown, { upcs }: { upcs: string[] }) => upcs.map(u => PRODUCTS.find(p => p.upc === u) ?? null),
        variants: () => VARIANTS,
        documents: () => DOCUMENTS,
      },
      Product: {
        __resolveReference: (ref: Ref) => PRODUCTS.find(p => (ref.id !== undefined ? p.id === ref.id : p.upc === ref.upc)) ?? null,
      },
      Variant: { __resolveReference: (ref: Ref) => VARIANTS.find(v => v.id === ref.id && v.sku === ref.sku) ?? null },
      Document: { __resolveReference: (ref: Ref) => DOCUMENTS.find(d => d.id === ref.id && d.owner.id === ref.owner.id) ?? null },
    },
  };
  const inventory = {
    name: 'inventory',
    typeDefs: gql`
      ${LINK}
      type Product @key(fields: "upc") {
        upc: String!
        stock: Int!
      }
      type Variant @key(fields: "id sku") {
        id: ID!
        sku: String!
        inStock: Boolean!
      }
      type Owner @shareable {
        id: ID!
      }
      type Document @key(fields: "id owner { id }") {
        id: ID!
        owner: Owner!
        pages: Int!
      }
      type Query {
        stockList: [Product]!
        restock: [Variant!]!
      }
    `,
    resolvers: {
      Query: {
        stockList: () => ['u-300', 'u-999', 'u-100'].map(upc => ({ upc })),
        restock: () => [
          { id: 'v2', sku: 'red' },
          { id: 'v1', sku: 'blue' },
        ],
      },
      Product: {
        __resolveReference: (ref: Ref) => (ref.upc in STOCK ? { upc: ref.upc } : null),
        stock: (p: Ref) => STOCK[p.upc],
      },
      Variant: {
        __resolveReference: (ref: Ref) => ({ id: ref.id, sku: ref.sku }),
        inStock: (v: Ref) => IN_STOCK[`${v.id}:${v.sku}`],
      },
      Document: {
        __resolveReference: (ref: Ref) => ({ id: ref.id, owner: { id: ref.owner.id } }),
        pages: (d: Ref) => PAGES[`${d.id}:${d.owner.id}`],
      },
    },
  };
  const reviews = {
    name: 'reviews',
    typeDefs: gql`
      ${LINK}
      type Product @key(fields: "id") {
        id: ID!
        rating: Int!
      }
      type Query {
        topRated: [Product!]!
      }
    `,
    resolvers: {
      Query: { topRated: () => [{ id: 'p3' }, { id: 'p1' }] },
      Product: { __resolveReference: (ref: Ref) => ({ id: ref.id }), rating: (p: Ref) => RATINGS[p.id] },
    },
  };

  let fed: Federation;
  beforeAll(async () => {
    fed = await startFederation([products, inventory, reviews]);
  });
  afterAll(() => fed?.close());

  it('single @key: a list from one subgraph completed from another by id', async () => {
    const r = await expectSame(fed, '{ products { id name rating } }', {
      data: {
        products: [
          { id: 'p1', name: 'Desk', rating: 4 },
          { id: 'p2', name: 'Chair', rating: 2 },
          { id: 'p3', name: 'Lamp', rating: 5 },
        ],
      },
    });
    expect(r.ours.fetches).toEqual({ products: 1, reviews: 1 });
  });

  it('single @key: a list of references resolved by the owning subgraph', async () => {
    await expectSame(fed, '{ topRated { id rating name upc } }', {
      data: {
        topRated: [
          { id: 'p3', rating: 5, name: 'Lamp', upc: 'u-300' },
          { id: 'p1', rating: 4, name: 'Desk', upc: 'u-100' },
        ],
      },
    });
  });

  it('multiple @keys on one type: joined by upc to inventory and by id to reviews', async () => {
    const r = await expectSame(fed, '{ products { name stock rating } }', {
      data: {
        products: [
          { name: 'Desk', stock: 5, rating: 4 },
          { name: 'Chair', stock: 0, rating: 2 },
          { name: 'Lamp', stock: 12, rating: 5 },
        ],
      },
    });
    expect(r.ours.fetches).toEqual({ products: 1, inventory: 1, reviews: 1 });
  });

  it('multiple @keys: entering by the upc key and chaining to the id key through the owner', async () => {
    // inventory (upc) -> products by upc (gives id) -> reviews by id.
    await expectSame(fed, '{ productsByUpc(upcs: ["u-200", "u-300"]) { id stock rating } }', {
      data: {
        productsByUpc: [
          { id: 'p2', stock: 0, rating: 2 },
          { id: 'p3', stock: 12, rating: 5 },
        ],
      },
    });
  });

  it('compound @key(fields: "id sku"), both directions', async () => {
    await expectSame(fed, '{ variants { id sku color inStock } }', {
      data: {
        variants: [
          { id: 'v1', sku: 'red', color: 'Red', inStock: true },
          { id: 'v1', sku: 'blue', color: 'Blue', inStock: false },
          { id: 'v2', sku: 'red', color: 'Crimson', inStock: true },
        ],
      },
    });
    await expectSame(fed, '{ restock { color inStock } }', {
      data: {
        restock: [
          { color: 'Crimson', inStock: true },
          { color: 'Blue', inStock: false },
        ],
      },
    });
  });

  it('nested @key(fields: "id owner { id }")', async () => {
    await expectSame(fed, '{ documents { id owner { id } title pages } }', {
      data: {
        documents: [
          { id: 'd1', owner: { id: 'o1' }, title: 'Plan', pages: 10 },
          { id: 'd1', owner: { id: 'o2' }, title: 'Other plan', pages: 3 },
          { id: 'd2', owner: { id: 'o1' }, title: 'Memo', pages: 1 },
        ],
      },
    });
  });

  it('a root list with a null item: no representation is sent for it', async () => {
    const r = await expectSame(fed, '{ productsByUpc(upcs: ["u-100", "nope", "u-300"]) { name stock } }', {
      data: { productsByUpc: [{ name: 'Desk', stock: 5 }, null, { name: 'Lamp', stock: 12 }] },
    });
    expect(r.ours.fetches).toEqual({ products: 1, inventory: 1 });
  });

  it('an entity list where the owner cannot resolve one reference: its nullable fields are null', async () => {
    await expectSame(fed, '{ stockList { upc stock description } }', {
      data: {
        stockList: [
          { upc: 'u-300', stock: 12, description: 'Brass lamp' },
          { upc: 'u-999', stock: 7, description: null },
          { upc: 'u-100', stock: 5, description: 'Oak desk' },
        ],
      },
    });
  });

  it('an entity list where the owner cannot resolve one reference: a non-null field nulls the item', async () => {
    // @apollo/gateway reports this null under extensions.valueCompletion, not as an error: the
    // same from both.
    await expectSame(fed, '{ stockList { upc stock name } }', {
      data: {
        stockList: [{ upc: 'u-300', stock: 12, name: 'Lamp' }, null, { upc: 'u-100', stock: 5, name: 'Desk' }],
      },
      extensions: {
        valueCompletion: [{ message: 'Cannot return null for non-nullable field Product.name.', path: ['stockList', 1, 'name'], extensions: { code: 'INVALID_GRAPHQL' } }],
      },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Lists of entities two levels deep across three subgraphs
// ---------------------------------------------------------------------------------------------
describe('entities referenced from lists two levels deep (A -> [B] -> [C], three subgraphs)', () => {
  const STORES = [
    { id: 'st1', name: 'North', shelves: ['sh1', 'sh2'] },
    { id: 'st2', name: 'South', shelves: ['sh3'] },
  ];
  const SHELVES: Record<string, { label: string; items: string[] }> = {
    sh1: { label: 'Tools', items: ['it1', 'it2'] },
    sh2: { label: 'Paint', items: [] },
    sh3: { label: 'Garden', items: ['it3', 'it1'] },
  };
  const ITEMS: Record<string, { name: string; qty: number }> = {
    it1: { name: 'Hammer', qty: 4 },
    it2: { name: 'Saw', qty: 0 },
    it3: { name: 'Rake', qty: 9 },
  };
  const stores = {
    name: 'stores',
    typeDefs: gql`
      ${LINK}
      type Store @key(fields: "id") {
        id: ID!
        name: String!
        shelves: [Shelf!]!
      }
      type Shelf @key(fields: "id", resolvable: false) {
        id: ID!
      }
      type Query {
        stores: [Store!]!
      }
    `,
    resolvers: {
      Query: { stores: () => STORES },
      Store: {
        __resolveReference: (ref: Ref) => STORES.find(s => s.id === ref.id) ?? null,
        shelves: (s: (typeof STORES)[number]) => s.shelves.map(id => ({ id })),
      },
    },
  };
  const aisles = {
    name: 'aisles',
    typeDefs: gql`
      ${LINK}
      type Shelf @key(fields: "id") {
        id: ID!
        label: String!
        items: [Item!]!
      }
      type Item @key(fields: "id", resolvable: false) {
        id: ID!
      }
    `,
    resolvers: {
      Shelf: {
        __resolveReference: (ref: Ref) => (SHELVES[ref.id] ? { id: ref.id, ...SHELVES[ref.id] } : null),
        items: (s: { items: string[] }) => s.items.map(id => ({ id })),
      },
    },
  };
  const warehouse = {
    name: 'warehouse',
    typeDefs: gql`
      ${LINK}
      type Item @key(fields: "id") {
        id: ID!
        name: String!
        qty: Int!
      }
    `,
    resolvers: {
      Item: { __resolveReference: (ref: Ref) => (ITEMS[ref.id] ? { id: ref.id, ...ITEMS[ref.id] } : null) },
    },
  };

  let fed: Federation;
  beforeAll(async () => {
    fed = await startFederation([stores, aisles, warehouse]);
  });
  afterAll(() => fed?.close());

  it('resolves every level with one fetch per subgraph', async () => {
    const r = await expectSame(fed, '{ stores { name shelves { label items { id name qty } } } }', {
      data: {
        stores: [
          {
            name: 'North',
            shelves: [
              {
                label: 'Tools',
                items: [
                  { id: 'it1', name: 'Hammer', qty: 4 },
                  { id: 'it2', name: 'Saw', qty: 0 },
                ],
              },
              { label: 'Paint', items: [] },
            ],
          },
          {
            name: 'South',
            shelves: [
              {
                label: 'Garden',
                items: [
                  { id: 'it3', name: 'Rake', qty: 9 },
                  { id: 'it1', name: 'Hammer', qty: 4 },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(r.ours.fetches).toEqual({ stores: 1, aisles: 1, warehouse: 1 });
    expect(r.plain.fetches).toEqual({ stores: 1, aisles: 1, warehouse: 1 });
  });

  it('only the levels asked for are fetched', async () => {
    const r = await expectSame(fed, '{ stores { shelves { id items { id } } } }', {
      data: {
        stores: [{ shelves: [{ id: 'sh1', items: [{ id: 'it1' }, { id: 'it2' }] }, { id: 'sh2', items: [] }] }, { shelves: [{ id: 'sh3', items: [{ id: 'it3' }, { id: 'it1' }] }] }],
      },
    });
    expect(r.ours.fetches).toEqual({ stores: 1, aisles: 1 });
  });
});

// ---------------------------------------------------------------------------------------------
// @requires
// ---------------------------------------------------------------------------------------------
describe('@requires', () => {
  const ITEMS = [
    { id: 'i1', name: 'Anvil', weight: 50, price: 100, dims: { width: 3, height: 2 } },
    { id: 'i2', name: 'Feather', weight: 1, price: 5, dims: { width: 30, height: 1 } },
  ];
  const ZONE_RATE: Record<string, number> = { EU: 3, US: 5, ASIA: 8 };
  const catalog = {
    name: 'catalog',
    typeDefs: gql`
      ${LINK}
      type Item @key(fields: "id") {
        id: ID!
        name: String!
        weight: Int!
        price: Int!
        dims: Dims!
      }
      type Dims @shareable {
        width: Int!
        height: Int!
      }
      type Query {
        items: [Item!]!
      }
    `,
    resolvers: {
      Query: { items: () => ITEMS },
      Item: { __resolveReference: (ref: Ref) => ITEMS.find(i => i.id === ref.id) ?? null },
    },
  };
  const shipping = {
    name: 'shipping',
    typeDefs: gql`
      ${LINK}
      type Item @key(fields: "id") {
        id: ID!
        weight: Int! @external
        price: Int! @external
        dims: Dims! @external
        shippingEstimate: Int! @requires(fields: "weight price")
        zoneEstimate(zone: String!): Int! @requires(fields: "weight")
        packaging: String! @requires(fields: "dims { width height }")
      }
      type Dims @shareable {
        width: Int!
        height: Int!
      }
    `,
    resolvers: {
      Item: {
        __resolveReference: (ref: Ref) => ref,
        // Uses only what the gateway sent: a missing required field makes NaN and fails Int.
        shippingEstimate: (i: Ref) => i.weight * 2 + (i.price > 50 ? 0 : 7),
        zoneEstimate: (i: Ref, { zone }: { zone: string }) => i.weight * ZONE_RATE[zone],
        packaging: (i: Ref) => (i.dims.width * i.dims.height > 20 ? 'crate' : 'box'),
      },
    },
  };

  let fed: Federation;
  beforeAll(async () => {
    fed = await startFederation([catalog, shipping]);
  });
  afterAll(() => fed?.close());

  it('a field that requires two fields of another subgraph', async () => {
    const r = await expectSame(fed, '{ items { name shippingEstimate } }', {
      data: {
        items: [
          { name: 'Anvil', shippingEstimate: 100 },
          { name: 'Feather', shippingEstimate: 9 },
        ],
      },
    });
    expect(r.ours.fetches).toEqual({ catalog: 1, shipping: 1 });
  });

  it('a field with arguments that requires a field: two aliases, literal and variable', async () => {
    const q = 'query ($z: String!) { items { id eu: zoneEstimate(zone: "EU") other: zoneEstimate(zone: $z) } }';
    await expectSame(
      fed,
      q,
      {
        data: {
          items: [
            { id: 'i1', eu: 150, other: 400 },
            { id: 'i2', eu: 3, other: 8 },
          ],
        },
      },
      { variables: { z: 'ASIA' } },
    );
    await expectSame(
      fed,
      q,
      {
        data: {
          items: [
            { id: 'i1', eu: 150, other: 250 },
            { id: 'i2', eu: 3, other: 5 },
          ],
        },
      },
      { variables: { z: 'US' } },
    );
  });

  it('required fields together with the fields they require and other @requires fields', async () => {
    await expectSame(fed, '{ items { weight us: zoneEstimate(zone: "US") shippingEstimate price } }', {
      data: {
        items: [
          { weight: 50, us: 250, shippingEstimate: 100, price: 100 },
          { weight: 1, us: 5, shippingEstimate: 9, price: 5 },
        ],
      },
    });
  });

  it('@requires of a nested object field', async () => {
    await expectSame(fed, '{ items { name packaging } }', {
      data: {
        items: [
          { name: 'Anvil', packaging: 'box' },
          { name: 'Feather', packaging: 'crate' },
        ],
      },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// @provides
// ---------------------------------------------------------------------------------------------
describe('@provides', () => {
  const USERS = [
    { id: 'u1', username: 'ada', email: 'ada@example.test' },
    { id: 'u2', username: 'linus', email: 'linus@example.test' },
  ];
  const REVIEWS = [
    { id: 'r1', body: 'Great', authorId: 'u1' },
    { id: 'r2', body: 'Meh', authorId: 'u2' },
    { id: 'r3', body: 'Fine', authorId: 'u1' },
  ];
  const accounts = {
    name: 'accounts',
    typeDefs: gql`
      ${LINK}
      type User @key(fields: "id") {
        id: ID!
        username: String! @shareable
        email: String!
      }
      type Query {
        users: [User!]!
      }
    `,
    resolvers: {
      Query: { users: () => USERS },
      User: { __resolveReference: (ref: Ref) => USERS.find(u => u.id === ref.id) ?? null },
    },
  };
  const reviews = {
    name: 'reviews',
    typeDefs: gql`
      ${LINK}
      type Review {
        id: ID!
        body: String!
        author: User! @provides(fields: "username")
      }
      type User @key(fields: "id") {
        id: ID!
        username: String! @external
      }
      type Query {
        reviews: [Review!]!
      }
    `,
    resolvers: {
      Query: { reviews: () => REVIEWS },
      Review: {
        // The reviews subgraph keeps its own copy of the usernames it provides.
        author: (r: (typeof REVIEWS)[number]) => ({ id: r.authorId, username: { u1: 'ada', u2: 'linus' }[r.authorId] }),
      },
    },
  };

  let fed: Federation;
  beforeAll(async () => {
    fed = await startFederation([accounts, reviews]);
  });
  afterAll(() => fed?.close());

  it('only provided fields asked: the accounts subgraph is not called', async () => {
    const r = await expectSame(fed, '{ reviews { body author { id username } } }', {
      data: {
        reviews: [
          { body: 'Great', author: { id: 'u1', username: 'ada' } },
          { body: 'Meh', author: { id: 'u2', username: 'linus' } },
          { body: 'Fine', author: { id: 'u1', username: 'ada' } },
        ],
      },
    });
    expect(r.plain.fetches).toEqual({ reviews: 1 });
    expect(r.ours.fetches).toEqual({ reviews: 1 });
  });

  it('a field that is not provided asked: the accounts subgraph is called once', async () => {
    const r = await expectSame(fed, '{ reviews { body author { username email } } }', {
      data: {
        reviews: [
          { body: 'Great', author: { username: 'ada', email: 'ada@example.test' } },
          { body: 'Meh', author: { username: 'linus', email: 'linus@example.test' } },
          { body: 'Fine', author: { username: 'ada', email: 'ada@example.test' } },
        ],
      },
    });
    expect(r.plain.fetches).toEqual({ reviews: 1, accounts: 1 });
    expect(r.ours.fetches).toEqual({ reviews: 1, accounts: 1 });
  });
});

// ---------------------------------------------------------------------------------------------
// Interfaces, and entity interfaces with @interfaceObject
// ---------------------------------------------------------------------------------------------
describe('interfaces and @interfaceObject', () => {
  const MEDIA = [
    { kind: 'Book', id: 'b1', title: 'Dune', pages: 412 },
    { kind: 'Movie', id: 'm1', title: 'Alien', minutes: 117 },
    { kind: 'Book', id: 'b2', title: 'Emma', pages: 474 },
    { kind: 'Movie', id: 'm2', title: 'Heat', minutes: 170 },
  ];
  const CREATORS = [
    { kind: 'Writer', name: 'Frank Herbert', novels: 6 },
    { kind: 'Studio', name: 'Brandywine', founded: 1968 },
  ];
  const RATINGS: Record<string, number> = { b1: 5, m1: 4, b2: 3, m2: 2 };
  const byId = (ref: Ref) => MEDIA.find(m => m.id === ref.id) ?? null;
  const media = {
    name: 'media',
    typeDefs: gql`
      ${LINK}
      interface Media @key(fields: "id") {
        id: ID!
        title: String!
      }
      type Book implements Media @key(fields: "id") {
        id: ID!
        title: String!
        pages: Int!
      }
      type Movie implements Media @key(fields: "id") {
        id: ID!
        title: String!
        minutes: Int!
      }
      interface Creator {
        name: String!
      }
      type Writer implements Creator {
        name: String!
        novels: Int!
      }
      type Studio implements Creator {
        name: String!
        founded: Int!
      }
      type Query {
        media: [Media!]!
        medium(id: ID!): Media
        creators: [Creator!]!
      }
    `,
    resolvers: {
      Query: { media: () => MEDIA, medium: (_: unknown, ref: Ref) => byId(ref), creators: () => CREATORS },
      Media: { __resolveReference: byId, __resolveType: (m: Ref) => m.kind },
      Book: { __resolveReference: byId },
      Movie: { __resolveReference: byId },
      Creator: { __resolveType: (c: Ref) => c.kind },
    },
  };
  const ratings = {
    name: 'ratings',
    typeDefs: gql`
      ${LINK}
      type Media @key(fields: "id") @interfaceObject {
        id: ID!
        rating: Int!
      }
      type Query {
        topRated: [Media!]!
      }
    `,
    resolvers: {
      Query: { topRated: () => [{ id: 'b1' }, { id: 'm1' }] },
      Media: { __resolveReference: (ref: Ref) => ({ id: ref.id }), rating: (m: Ref) => RATINGS[m.id] },
    },
  };

  let fed: Federation;
  beforeAll(async () => {
    fed = await startFederation([media, ratings]);
  });
  afterAll(() => fed?.close());

  it('an interface field returning implementations, with inline fragments and __typename', async () => {
    const r = await expectSame(fed, '{ media { __typename id title ... on Book { pages } ... on Movie { minutes } } }', {
      data: {
        media: [
          { __typename: 'Book', id: 'b1', title: 'Dune', pages: 412 },
          { __typename: 'Movie', id: 'm1', title: 'Alien', minutes: 117 },
          { __typename: 'Book', id: 'b2', title: 'Emma', pages: 474 },
          { __typename: 'Movie', id: 'm2', title: 'Heat', minutes: 170 },
        ],
      },
    });
    expect(r.ours.fetches).toEqual({ media: 1 });
  });

  it('a value-type interface with named fragments on implementations', async () => {
    await expectSame(
      fed,
      `{ creators { ...C } }
       fragment C on Creator { __typename name ...W ... on Studio { founded } }
       fragment W on Writer { novels }`,
      {
        data: {
          creators: [
            { __typename: 'Writer', name: 'Frank Herbert', novels: 6 },
            { __typename: 'Studio', name: 'Brandywine', founded: 1968 },
          ],
        },
      },
    );
  });

  it('@interfaceObject: a field added to the interface by another subgraph, asked on the interface', async () => {
    const r = await expectSame(fed, '{ media { title rating } }', {
      data: {
        media: [
          { title: 'Dune', rating: 5 },
          { title: 'Alien', rating: 4 },
          { title: 'Emma', rating: 3 },
          { title: 'Heat', rating: 2 },
        ],
      },
    });
    expect(r.ours.fetches).toEqual({ media: 1, ratings: 1 });
  });

  it('@interfaceObject: the added field asked on the concrete types', async () => {
    await expectSame(fed, '{ media { ... on Book { title rating } ... on Movie { minutes rating } } }', {
      data: {
        media: [
          { title: 'Dune', rating: 5 },
          { minutes: 117, rating: 4 },
          { title: 'Emma', rating: 3 },
          { minutes: 170, rating: 2 },
        ],
      },
    });
    await expectSame(fed, '{ medium(id: "m2") { __typename ... on Movie { rating minutes } } }', {
      data: { medium: { __typename: 'Movie', rating: 2, minutes: 170 } },
    });
  });

  it('@interfaceObject: starting from the interface object subgraph, the concrete type is resolved', async () => {
    await expectSame(fed, '{ topRated { __typename id rating title ... on Book { pages } ... on Movie { minutes } } }', {
      data: {
        topRated: [
          { __typename: 'Book', id: 'b1', rating: 5, title: 'Dune', pages: 412 },
          { __typename: 'Movie', id: 'm1', rating: 4, title: 'Alien', minutes: 117 },
        ],
      },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Unions
// ---------------------------------------------------------------------------------------------
describe('unions of entities completed by another subgraph', () => {
  const INDEX: Record<string, { kind: string; id: string }[]> = {
    space: [
      { kind: 'Book', id: 'bk1' },
      { kind: 'Author', id: 'a1' },
    ],
    sea: [
      { kind: 'Book', id: 'bk2' },
      { kind: 'Author', id: 'a2' },
      { kind: 'Book', id: 'bk1' },
    ],
  };
  const BOOKS: Record<string, { title: string; authorId: string }> = {
    bk1: { title: 'Dune', authorId: 'a1' },
    bk2: { title: 'Moby-Dick', authorId: 'a2' },
  };
  const AUTHORS: Record<string, string> = { a1: 'Frank Herbert', a2: 'Herman Melville' };
  const search = {
    name: 'search',
    typeDefs: gql`
      ${LINK}
      union SearchResult = Book | Author
      type Book @key(fields: "id") {
        id: ID!
      }
      type Author @key(fields: "id") {
        id: ID!
      }
      type Query {
        search(term: String!): [SearchResult!]!
      }
    `,
    resolvers: {
      Query: { search: (_: unknown, { term }: { term: string }) => INDEX[term] ?? [] },
      SearchResult: { __resolveType: (r: Ref) => r.kind },
    },
  };
  const library = {
    name: 'library',
    typeDefs: gql`
      ${LINK}
      type Book @key(fields: "id") {
        id: ID!
        title: String!
        author: Author!
      }
      type Author @key(fields: "id") {
        id: ID!
        name: String!
      }
    `,
    resolvers: {
      Book: {
        __resolveReference: (ref: Ref) => (BOOKS[ref.id] ? { id: ref.id, ...BOOKS[ref.id] } : null),
        author: (b: Ref) => ({ id: b.authorId }),
      },
      Author: {
        __resolveReference: (ref: Ref) => (AUTHORS[ref.id] ? { id: ref.id } : null),
        name: (a: Ref) => AUTHORS[a.id],
      },
    },
  };

  let fed: Federation;
  beforeAll(async () => {
    fed = await startFederation([search, library]);
  });
  afterAll(() => fed?.close());

  it('members’ fields come from the other subgraph', async () => {
    const r = await expectSame(
      fed,
      'query ($t: String!) { search(term: $t) { __typename ... on Book { id title author { name } } ... on Author { name } } }',
      {
        data: {
          search: [
            { __typename: 'Book', id: 'bk2', title: 'Moby-Dick', author: { name: 'Herman Melville' } },
            { __typename: 'Author', name: 'Herman Melville' },
            { __typename: 'Book', id: 'bk1', title: 'Dune', author: { name: 'Frank Herbert' } },
          ],
        },
      },
      { variables: { t: 'sea' } },
    );
    expect(r.ours.fetches).toEqual({ search: 1, library: 1 });
  });

  it('only one member selected, only __typename on the other', async () => {
    await expectSame(fed, '{ search(term: "space") { __typename ... on Author { name } } }', {
      data: { search: [{ __typename: 'Book' }, { __typename: 'Author', name: 'Frank Herbert' }] },
    });
    await expectSame(fed, '{ search(term: "none") { __typename } }', { data: { search: [] } });
  });
});

// ---------------------------------------------------------------------------------------------
// @override
// ---------------------------------------------------------------------------------------------
describe('@override(from:)', () => {
  const NAMES: Record<string, string> = { x1: 'Kettle', x2: 'Toaster' };
  // The two subgraphs disagree on prices and on the top product: the answer shows which one served them.
  const LEGACY_PRICES: Record<string, number> = { x1: 10, x2: 20 };
  const NEW_PRICES: Record<string, number> = { x1: 11, x2: 22 };
  const legacy = {
    name: 'legacy',
    typeDefs: gql`
      ${LINK}
      type Product @key(fields: "id") {
        id: ID!
        name: String!
        price: Int!
      }
      type Query {
        products: [Product!]!
        topProduct: Product
      }
    `,
    resolvers: {
      Query: { products: () => Object.keys(NAMES).map(id => ({ id })), topProduct: () => ({ id: 'x1' }) },
      Product: {
        __resolveReference: (ref: Ref) => ({ id: ref.id }),
        name: (p: Ref) => NAMES[p.id],
        price: (p: Ref) => LEGACY_PRICES[p.id],
      },
    },
  };
  const pricing = {
    name: 'pricing',
    typeDefs: gql`
      ${LINK}
      type Product @key(fields: "id") {
        id: ID!
        price: Int! @override(from: "legacy")
      }
      type Query {
        topProduct: Product @override(from: "legacy")
      }
    `,
    resolvers: {
      Query: { topProduct: () => ({ id: 'x2' }) },
      Product: { __resolveReference: (ref: Ref) => ({ id: ref.id }), price: (p: Ref) => NEW_PRICES[p.id] },
    },
  };

  let fed: Federation;
  beforeAll(async () => {
    fed = await startFederation([legacy, pricing]);
  });
  afterAll(() => fed?.close());

  it('an overridden entity field comes from the overriding subgraph', async () => {
    const r = await expectSame(fed, '{ products { id name price } }', {
      data: {
        products: [
          { id: 'x1', name: 'Kettle', price: 11 },
          { id: 'x2', name: 'Toaster', price: 22 },
        ],
      },
    });
    expect(r.ours.fetches).toEqual({ legacy: 1, pricing: 1 });
  });

  it('an overridden root field comes from the overriding subgraph', async () => {
    const r = await expectSame(fed, '{ topProduct { id name price } }', {
      data: { topProduct: { id: 'x2', name: 'Toaster', price: 22 } },
    });
    expect(r.ours.queries.pricing?.[0]).toContain('topProduct');
  });
});

// ---------------------------------------------------------------------------------------------
// @shareable
// ---------------------------------------------------------------------------------------------
describe('@shareable', () => {
  const PRODUCTS: Record<string, { name: string; price: { amount: number; currency: string } }> = {
    s1: { name: 'Pen', price: { amount: 150, currency: 'EUR' } },
    s2: { name: 'Ink', price: { amount: 400, currency: 'EUR' } },
  };
  const DISCOUNTS: Record<string, number> = { s1: 10, s2: 25 };
  const product = (id: string) => ({ id, ...PRODUCTS[id] });
  const catalog = {
    name: 'catalog',
    typeDefs: gql`
      ${LINK}
      type Money @shareable {
        amount: Int!
        currency: String!
      }
      type Product @key(fields: "id") {
        id: ID!
        name: String! @shareable
        price: Money! @shareable
        internalCode: String @inaccessible
      }
      type Query {
        catalog: [Product!]!
        currencies: [String!]! @shareable
      }
    `,
    resolvers: {
      Query: { catalog: () => ['s1', 's2'].map(product), currencies: () => ['EUR', 'USD'] },
      Product: {
        __resolveReference: (ref: Ref) => (PRODUCTS[ref.id] ? product(ref.id) : null),
        internalCode: (p: Ref) => `secret-${p.id}`,
      },
    },
  };
  const deals = {
    name: 'deals',
    typeDefs: gql`
      ${LINK}
      type Money @shareable {
        amount: Int!
        currency: String!
      }
      type Product @key(fields: "id") {
        id: ID!
        name: String! @shareable
        price: Money! @shareable
        discount: Int!
      }
      type Query {
        deals: [Product!]!
        currencies: [String!]! @shareable
      }
    `,
    resolvers: {
      Query: { deals: () => [product('s2')], currencies: () => ['EUR', 'USD'] },
      Product: {
        __resolveReference: (ref: Ref) => (PRODUCTS[ref.id] ? product(ref.id) : null),
        discount: (p: Ref) => DISCOUNTS[p.id],
      },
    },
  };

  let fed: Federation;
  beforeAll(async () => {
    fed = await startFederation([catalog, deals]);
  });
  afterAll(() => fed?.close());

  it('a shareable field and value type reachable from both subgraphs: served by the one already fetched', async () => {
    const r = await expectSame(fed, '{ deals { id name price { amount currency } discount } }', {
      data: { deals: [{ id: 's2', name: 'Ink', price: { amount: 400, currency: 'EUR' }, discount: 25 }] },
    });
    expect(r.plain.fetches).toEqual({ deals: 1 });
    expect(r.ours.fetches).toEqual({ deals: 1 });
  });

  it('from the other subgraph: shareable fields there, the rest from deals', async () => {
    const r = await expectSame(fed, '{ catalog { name price { amount currency } discount } }', {
      data: {
        catalog: [
          { name: 'Pen', price: { amount: 150, currency: 'EUR' }, discount: 10 },
          { name: 'Ink', price: { amount: 400, currency: 'EUR' }, discount: 25 },
        ],
      },
    });
    expect(r.ours.fetches).toEqual({ catalog: 1, deals: 1 });
  });

  it('an @inaccessible field is refused by both, before any fetch', async () => {
    const r = await fed.run('{ catalog { name internalCode } }');
    expect(r.plain.status).toBe(400);
    expect(r.ours.status).toBe(400);
    const expected = [{ message: 'Cannot query field "internalCode" on type "Product".', path: undefined, code: 'GRAPHQL_VALIDATION_FAILED' }];
    expect(r.plain.body.errors?.map(errorCore)).toEqual(expected);
    expect(r.ours.body.errors?.map(errorCore)).toEqual(expected);
    expect(r.ours.fetches).toEqual({});
  });

  it('a shareable root field: one fetch, to either subgraph', async () => {
    const r = await expectSame(fed, '{ currencies }', { data: { currencies: ['EUR', 'USD'] } });
    expect(Object.values(r.ours.fetches)).toEqual([1]);
  });
});
