import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { AgenciesService } from './agencies.service.js';
import { AgencyDto } from './dto/agency.dto.js';
import { CreateAgencyDto } from './dto/create-agency.dto.js';
import { UpdateAgencyDto } from './dto/update-agency.dto.js';

@ApiTags('agencies')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly service: AgenciesService) {}

  @Get()
  @ApiOperation({ summary: '机关列表（含上级关系，可组成机关树）' })
  @RequirePermissions(Permission.AGENCY_READ)
  list(): Promise<AgencyDto[]> {
    return this.service.list();
  }

  @Get(':id')
  @ApiOperation({ summary: '机关详情' })
  @RequirePermissions(Permission.AGENCY_READ)
  get(@Param('id', UuidParamPipe) id: string): Promise<AgencyDto> {
    return this.service.get(id);
  }

  @Post()
  @ApiOperation({ summary: '新增机关（管理员）' })
  @RequirePermissions(Permission.AGENCY_MANAGE)
  create(@Body() dto: CreateAgencyDto): Promise<AgencyDto> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: '修改机关（管理员）；机关代码不可修改' })
  @RequirePermissions(Permission.AGENCY_MANAGE)
  update(@Param('id', UuidParamPipe) id: string, @Body() dto: UpdateAgencyDto): Promise<AgencyDto> {
    return this.service.update(id, dto);
  }
}
