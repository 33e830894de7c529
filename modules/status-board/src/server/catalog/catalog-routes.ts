import { Type } from 'typebox';
import type { App, Platform } from '@tessera/core';
import {
  Customer,
  CustomerCreate,
  CustomerPatch,
  Id,
  Service,
  ServiceCreate,
  ServicePatch,
  Technician,
  TechnicianCreate,
  TechnicianPatch,
  Vehicle,
  VehicleCreate,
  VehiclePatch,
} from '../../contracts/index.ts';
import * as repo from './catalog-repository.ts';
import { registerCrud } from './crud-routes.ts';

export function registerCatalogRoutes(app: App, platform: Platform): void {
  registerCrud(app, platform, {
    path: 'services',
    noun: 'service',
    item: Service,
    create: ServiceCreate,
    patch: ServicePatch,
    writeRole: 'admin',
    listFilters: { active: Type.Optional(Type.Boolean()) },
    list: (db, orgId, q) => repo.listServices(db, orgId, { q: q.q, limit: q.limit, offset: q.offset, active: q['active'] as boolean | undefined }),
    get: repo.getService,
    insert: (tx, orgId, b: Type.Static<typeof ServiceCreate>) => repo.insertService(tx, orgId, { ...b, active: b.active ?? true }),
    update: repo.updateService,
    remove: repo.deleteService,
  });
  registerCrud(app, platform, {
    path: 'technicians',
    noun: 'technician',
    item: Technician,
    create: TechnicianCreate,
    patch: TechnicianPatch,
    writeRole: 'admin',
    list: (db, orgId, q) => repo.listTechnicians(db, orgId, { q: q.q, limit: q.limit, offset: q.offset }),
    get: repo.getTechnician,
    insert: repo.insertTechnician,
    update: repo.updateTechnician,
    remove: repo.deleteTechnician,
  });
  registerCrud(app, platform, {
    path: 'customers',
    noun: 'customer',
    item: Customer,
    create: CustomerCreate,
    patch: CustomerPatch,
    writeRole: 'member',
    list: (db, orgId, q) => repo.listCustomers(db, orgId, { q: q.q, limit: q.limit, offset: q.offset }),
    get: repo.getCustomer,
    insert: repo.insertCustomer,
    update: repo.updateCustomer,
    remove: repo.deleteCustomer,
  });
  registerCrud(app, platform, {
    path: 'vehicles',
    noun: 'vehicle',
    item: Vehicle,
    create: VehicleCreate,
    patch: VehiclePatch,
    writeRole: 'member',
    listFilters: { customerId: Type.Optional(Id) },
    list: (db, orgId, q) => repo.listVehicles(db, orgId, { q: q.q, limit: q.limit, offset: q.offset, customerId: q['customerId'] as string | undefined }),
    get: repo.getVehicle,
    insert: (tx, orgId, b: Type.Static<typeof VehicleCreate>) =>
      repo.insertVehicle(tx, orgId, {
        customerId: b.customerId,
        year: b.year ?? null,
        make: b.make,
        model: b.model,
        vin: b.vin ?? null,
        plate: b.plate ?? null,
      }),
    update: repo.updateVehicle,
    remove: repo.deleteVehicle,
  });
}
