/** Edgar's Mobile Auto Shop: the catalog, crew and customers of the demo (fixed, so the demo is reproducible). */
export const DEMO_SERVICES: [code: string, name: string, priceCents: number, minutes: number][] = [
  ['OIL001', 'Oil change (conventional)', 4999, 30],
  ['OIL002', 'Oil change (full synthetic)', 7999, 45],
  ['TIRE001', 'Tire rotation', 2999, 30],
  ['TIRE002', 'Mount and balance, four tires', 8999, 60],
  ['BRK001', 'Front brake pads', 18999, 90],
  ['BRK002', 'Rear brake pads', 17999, 90],
  ['BAT001', 'Battery replacement', 15999, 30],
  ['DIAG001', 'Check-engine diagnostic', 9999, 60],
  ['AC001', 'A/C recharge', 12999, 60],
  ['ALN001', 'Wheel alignment', 9999, 60],
  ['WIP001', 'Wiper blades', 2999, 15],
  ['FLT001', 'Cabin air filter', 3999, 15],
  ['COOL001', 'Coolant flush', 11999, 60],
  ['SPK001', 'Spark plugs, four cylinders', 14999, 90],
  ['INSP001', 'Multi-point inspection', 1999, 30],
];

export const DEMO_TECHNICIANS: [name: string, capacityMinutes: number][] = [
  ['Edgar Morales', 600],
  ['Luis Ortega', 600],
  ['Priya Nair', 540],
];

export const DEMO_CUSTOMERS = [
  'Ana Ruiz',
  'Ben Carter',
  'Chloe Nguyen',
  'Diego Alvarez',
  'Erin Walsh',
  'Farah Haddad',
  'Gus Petersen',
  'Hana Sato',
  'Ivan Petrov',
  'Jada Brooks',
  'Kofi Mensah',
  'Lena Fischer',
  'Mateo Rossi',
  'Nia Johnson',
  'Omar Siddiqui',
  'Paula Costa',
  'Quinn Harper',
  'Rosa Delgado',
  'Sam Whitaker',
  'Tara Singh',
  'Uma Patel',
  'Victor Huang',
  'Wendy Lopez',
  'Yusuf Demir',
];

export const DEMO_VEHICLES: [year: number, make: string, model: string][] = [
  [2018, 'Toyota', 'Corolla'],
  [2020, 'Ford', 'F-150'],
  [2016, 'Honda', 'Civic'],
  [2019, 'Chevrolet', 'Silverado'],
  [2021, 'Tesla', 'Model 3'],
  [2015, 'Nissan', 'Altima'],
  [2017, 'Subaru', 'Outback'],
  [2022, 'Hyundai', 'Tucson'],
  [2014, 'Jeep', 'Wrangler'],
  [2019, 'Kia', 'Sorento'],
  [2013, 'Volkswagen', 'Jetta'],
  [2020, 'Mazda', 'CX-5'],
];

/** Today's 30 jobs by column. */
export const TODAY_MIX: [status: string, count: number][] = [
  ['scheduled', 7],
  ['en_route', 3],
  ['checked_in', 4],
  ['in_progress', 5],
  ['waiting_parts', 2],
  ['waiting_approval', 2],
  ['ready', 3],
  ['completed', 3],
  ['no_show', 1],
];
