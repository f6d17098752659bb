import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception.js';
import { AgenciesRepository } from './agencies.repository.js';
import type { AgencyEntity } from './agency.entity.js';
import { AgencyDto } from './dto/agency.dto.js';
import type { CreateAgencyDto } from './dto/create-agency.dto.js';
import type { UpdateAgencyDto } from './dto/update-agency.dto.js';
import { rejectNullFields } from '../../common/validation/reject-nulls.js';

@Injectable()
export class AgenciesService {
  constructor(private readonly agencies: AgenciesRepository) {}

  async list(): Promise<AgencyDto[]> {
    return (await this.agencies.findAll()).map(AgencyDto.from);
  }

  async get(id: string): Promise<AgencyDto> {
    return AgencyDto.from(await this.require(id));
  }

  async create(dto: CreateAgencyDto): Promise<AgencyDto> {
    if (dto.parentId && !(await this.agencies.findById(dto.parentId))) throw new AppException('AGENCY_PARENT_INVALID');
    if (await this.agencies.findByCode(dto.code)) throw new AppException('AGENCY_CODE_TAKEN');
    const entity = this.agencies.create({
      ...dto,
      parentId: dto.parentId ?? null,
      address: dto.address ?? null,
      phone: dto.phone ?? null,
      settings: { ...(dto.settings ?? {}) },
    });
    return AgencyDto.from(await this.agencies.save(entity));
  }

  async update(id: string, dto: UpdateAgencyDto): Promise<AgencyDto> {
    rejectNullFields(dto, ['parentId', 'address', 'phone']);
    const agency = await this.require(id);
    if (dto.parentId !== undefined && dto.parentId !== agency.parentId) {
      await this.assertParentAllowed(agency, dto.parentId);
    }
    const { settings, ...fields } = dto;
    Object.assign(agency, fields);
    if (settings) agency.settings = { ...agency.settings, ...settings };
    return AgencyDto.from(await this.agencies.save(agency));
  }

  private async require(id: string): Promise<AgencyEntity> {
    const agency = await this.agencies.findById(id);
    if (!agency) throw AppException.notFound();
    return agency;
  }

  /** A new parent must exist and must not sit below the agency itself (no cycles in the tree). */
  private async assertParentAllowed(agency: AgencyEntity, parentId: string): Promise<void> {
    if (!(await this.agencies.findById(parentId))) throw new AppException('AGENCY_PARENT_INVALID');
    const below = await this.agencies.findSubtreeIds(agency.id);
    if (below.includes(parentId)) throw new AppException('AGENCY_PARENT_INVALID');
  }
}
